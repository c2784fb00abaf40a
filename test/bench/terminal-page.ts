// The page side of the terminal bench (test/bench/terminal-throughput.ts): functions handed to page.evaluate /
// addInitScript, so each is self-contained (no imports, no closures over this module).

export interface PageMarks {
  /** performance.now() when the first 'sol:data' frame after arm() reached the page's WebSocket. */
  firstSolAt?: number;
  solFrames: number;
  solFrameChars: number;
}

/** Installed before the page's scripts: notes when SOL output frames arrive (before the bridge sees them). */
export function instrumentSolFrames(): void {
  const marks: PageMarks = { solFrames: 0, solFrameChars: 0 };
  (window as unknown as { benchSol: PageMarks }).benchSol = marks;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      // Registered before the bridge's own listener: this runs first.
      this.addEventListener('message', (event) => {
        if (typeof event.data !== 'string' || !event.data.includes('"sol:data"')) return;
        marks.firstSolAt ??= performance.now();
        marks.solFrames += 1;
        marks.solFrameChars += event.data.length;
      });
    }
  };
}

export function armSolMarks(): void {
  const marks = (window as unknown as { benchSol: PageMarks }).benchSol;
  delete marks.firstSolAt;
  marks.solFrames = 0;
  marks.solFrameChars = 0;
}

/**
 * Resolves once `marker` shows in the rows of the terminal under `selector` (checked once per animation frame,
 * i.e. as painted), with performance.now() then; rejects after limitMs.
 */
export function waitForMarker(args: { selector: string; marker: string; limitMs: number }): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const rows = document.querySelector(`${args.selector} .xterm-rows`);
      if (rows !== null && (rows.textContent ?? '').includes(args.marker)) {
        resolve(performance.now());
        return;
      }
      if (performance.now() - started > args.limitMs) {
        reject(new Error(`"${args.marker}" did not show in ${args.selector} within ${args.limitMs} ms`));
        return;
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

/** Opens a bare xterm.js (the library's own build, loaded by the bench) with the console's terminal options. */
export function openBareTerminal(args: { fontFamily: string }): void {
  type Bare = { open(e: HTMLElement): void; write(data: string, done?: () => void): void };
  const Terminal = (globalThis as unknown as { Terminal: new (o: object) => Bare }).Terminal;
  const host = document.createElement('div');
  host.id = 'bench-bare-terminal';
  host.style.cssText = 'position:fixed;left:0;bottom:0;width:760px;height:420px;z-index:10;background:#0c0c0c';
  document.body.appendChild(host);
  const options = { cols: 80, rows: 25, fontSize: 15, lineHeight: 1, scrollback: 0, minimumContrastRatio: 1 };
  const term = new Terminal({ ...options, fontFamily: args.fontFamily });
  term.open(host);
  (window as unknown as { bareTerminal: Bare }).bareTerminal = term;
}

/**
 * Writes the text into the bare terminal in pieces of `pieceChars`, as output frames would arrive, and resolves with
 * the start and the time its last screen's marker showed (polled once per animation frame, as in waitForMarker).
 */
export function writeBareUntilMarker(args: {
  text: string;
  pieceChars: number;
  marker: string;
  limitMs: number;
}): Promise<{ started: number; painted: number }> {
  const term = (window as unknown as { bareTerminal: { write(data: string): void } }).bareTerminal;
  const started = performance.now();
  for (let at = 0; at < args.text.length; at += args.pieceChars) term.write(args.text.slice(at, at + args.pieceChars));
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const rows = document.querySelector('#bench-bare-terminal .xterm-rows');
      if (rows !== null && (rows.textContent ?? '').includes(args.marker)) {
        resolve({ started, painted: performance.now() });
        return;
      }
      if (performance.now() - started > args.limitMs) {
        reject(new Error(`"${args.marker}" did not show in the bare terminal within ${args.limitMs} ms`));
        return;
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

/** The console's terminal notice (flow control: behind, or characters skipped), or '' when none shows. */
export function terminalNotice(): string {
  return document.querySelector('[data-testid="terminal-notice"]')?.textContent ?? '';
}
