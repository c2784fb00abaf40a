// The xterm.js frontend of a SOL session (style-anchors §3, Tabby's frontend): host bytes → HostDecoder →
// WriteFlow → xterm; key presses → keys.ts → one byte sequence per send. 80×25 like a BIOS console (§5.1).
import { Terminal, type ITheme } from '@xterm/xterm';
import { openWithAdoptedStyles, type AdoptedStyles } from './csp-style-shim';
import { WriteFlow, type FlowStatus } from './flow';
import { HostDecoder, type HostCharset } from './host-decoder';
import { bytesForKey, textToHostBytes, type KeyProfile } from './keys';
import { IPC_LIMITS } from '../../shared/ipc/limits';

export const BIOS_COLUMNS = 80;
export const BIOS_ROWS = 25;
/** A paste larger than this is cut: SOL runs at serial speed and a BIOS field takes a few dozen characters. */
export const MAX_PASTE_BYTES = 64 * 1024;

/** Windows Terminal's "Campbell" palette: readable BIOS colours that sit well in a Fluent app. */
const THEME: ITheme = {
  background: '#0c0c0c',
  foreground: '#cccccc',
  cursor: '#cccccc',
  cursorAccent: '#0c0c0c',
  selectionBackground: '#264f78',
  black: '#0c0c0c',
  red: '#c50f1f',
  green: '#13a10e',
  yellow: '#c19c00',
  blue: '#0037da',
  magenta: '#881798',
  cyan: '#3a96dd',
  white: '#cccccc',
  brightBlack: '#767676',
  brightRed: '#e74856',
  brightGreen: '#16c60c',
  brightYellow: '#f9f1a5',
  brightBlue: '#3b78ff',
  brightMagenta: '#b4009e',
  brightCyan: '#61d6d6',
  brightWhite: '#f2f2f2',
};

/** Fonts with complete box-drawing and block glyphs first, so CP437 frames join up. */
const BIOS_FONT_STACK = "'Cascadia Mono', Consolas, 'DejaVu Sans Mono', 'Liberation Mono', 'Noto Sans Mono', monospace";

export interface SolTerminalOptions {
  readonly profile: KeyProfile;
  readonly charset: HostCharset;
  readonly onKeyBytes: (bytes: Uint8Array) => void;
  readonly onFlowStatus: (status: FlowStatus) => void;
}

export class SolTerminal {
  private readonly terminal: Terminal;
  private readonly styles: AdoptedStyles;
  private readonly decoder: HostDecoder;
  private readonly flow: WriteFlow;
  private profile: KeyProfile;

  constructor(host: HTMLElement, options: SolTerminalOptions) {
    this.profile = options.profile;
    this.decoder = new HostDecoder(options.charset);
    this.terminal = new Terminal({
      cols: BIOS_COLUMNS,
      rows: BIOS_ROWS,
      fontFamily: BIOS_FONT_STACK,
      fontSize: 15,
      lineHeight: 1,
      letterSpacing: 0,
      theme: THEME,
      cursorBlink: true,
      cursorStyle: 'underline',
      scrollback: 0, // a BIOS repaints its screen; there is nothing to scroll back to
      convertEol: false,
      // 1 keeps xterm from adding inline style attributes for contrast, which the CSP would refuse.
      minimumContrastRatio: 1,
      allowProposedApi: false,
    });
    this.styles = openWithAdoptedStyles(host.ownerDocument, () => this.terminal.open(host));
    this.flow = new WriteFlow((text, drawn) => this.terminal.write(text, drawn), options.onFlowStatus);
    // Every key goes through our table and is sent whole; xterm's own key encoding (xterm-style) is never used.
    // What xterm sends by itself: pastes and answers to host queries (keys never get here, see below).
    // Sent in pieces no larger than one sol:send may carry.
    this.terminal.onData((text) => {
      const bytes = textToHostBytes(text, this.decoder.charset).subarray(0, MAX_PASTE_BYTES);
      for (let at = 0; at < bytes.length; at += IPC_LIMITS.maxSolSendBytes)
        options.onKeyBytes(bytes.subarray(at, at + IPC_LIMITS.maxSolSendBytes));
    });
    this.terminal.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown') return false;
      const bytes = bytesForKey(event, this.profile, this.decoder.charset);
      if (bytes !== null) {
        event.preventDefault();
        options.onKeyBytes(bytes);
      }
      return false;
    });
  }

  write(bytes: Uint8Array): void {
    this.flow.write(this.decoder.decode(bytes));
  }

  setProfile(profile: KeyProfile): void {
    this.profile = profile;
  }

  setCharset(charset: HostCharset): void {
    if (this.decoder.charset !== charset) this.decoder.charset = charset;
  }

  clear(): void {
    this.terminal.reset();
  }

  focus(): void {
    this.terminal.focus();
  }

  dispose(): void {
    this.flow.dispose();
    this.terminal.dispose();
    this.styles.dispose();
  }
}
