// The Content-Security-Policy of the renderer page, one definition for both shells (Electron's app://
// protocol and the headless host): scripts and styles only from the page's own origin, no inline script,
// no eval, no plugins, no framing; the only network the page may open is main's own endpoint.

export interface CspOptions {
  /** Extra `connect-src` sources besides 'self' (the headless host's `ws://127.0.0.1:PORT`). */
  readonly connectSources?: readonly string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const connect = ["'self'", ...(options.connectSources ?? [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React sets styles through the CSSOM (element.style), which CSP allows without 'unsafe-inline'.
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
