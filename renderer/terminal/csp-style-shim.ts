// Lets xterm.js style itself under our CSP (style-src 'self', no 'unsafe-inline'). xterm's DOM renderer
// writes its theme and cell-size rules into <style> elements it creates; the CSP blocks those as inline
// style blocks (even empty ones, once in the document). While xterm opens, each <style> it asks for is an
// inert <template> whose textContent goes into a constructed stylesheet (CSSOM, which the CSP allows, like
// element.style) adopted by the document.
// Nothing is loosened: scripts and inline styles stay blocked for everything else.

export interface AdoptedStyles {
  /** Removes the stylesheets this terminal added to the document. */
  dispose(): void;
}

export function openWithAdoptedStyles(doc: Document, open: () => void): AdoptedStyles {
  const sheets: CSSStyleSheet[] = [];
  const original = doc.createElement;
  const create = original as (this: Document, tagName: string, options?: ElementCreationOptions) => HTMLElement;
  const patched = function createElement(
    this: Document,
    tagName: string,
    options?: ElementCreationOptions,
  ): HTMLElement {
    if (tagName.toLowerCase() !== 'style') return create.call(this, tagName, options);
    // Even an empty <style> in the document is an inline style block to the CSP; an inert <template>
    // takes its place in xterm's tree and its text goes to the constructed sheet.
    const standIn = create.call(this, 'template');
    adoptTextOf(doc, standIn, sheets);
    return standIn;
  };
  // An own property on this document only, for the duration of open(); the prototype is never touched.
  Object.defineProperty(doc, 'createElement', { value: patched, configurable: true, writable: true });
  try {
    open();
  } finally {
    delete (doc as { createElement?: unknown }).createElement;
  }
  return {
    dispose: () => {
      doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => !sheets.includes(s));
      sheets.length = 0;
    },
  };
}

function adoptTextOf(doc: Document, element: HTMLElement, sheets: CSSStyleSheet[]): void {
  const sheet = new CSSStyleSheet();
  sheets.push(sheet);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  let text = '';
  Object.defineProperty(element, 'textContent', {
    configurable: true,
    get: () => text,
    set: (value: string | null) => {
      text = value ?? '';
      sheet.replaceSync(text);
    },
  });
}
