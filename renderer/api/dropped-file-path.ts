// The path of a file dropped on the page. A web page never learns it; the Electron preload exposes
// `window.amtFiles.pathOf` (Electron's webUtils.getPathForFile) for exactly this. In a browser through the headless
// host there is none: null, and the panel says so.

interface AmtFiles {
  readonly pathOf: (file: File) => string;
}

export function droppedFilePath(file: File): string | null {
  const files = (window as unknown as { readonly amtFiles?: AmtFiles }).amtFiles;
  if (files === undefined) return null;
  try {
    const path = files.pathOf(file);
    return typeof path === 'string' && path !== '' ? path : null;
  } catch {
    return null;
  }
}
