// Where amtctl keeps certificate pins: --pins-file, else $XDG_CONFIG_HOME/amt-console/pins.json, else
// ~/.config/amt-console/pins.json (XDG Base Directory spec; issue spec "amtctl", pins).

import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export const APP_CONFIG_DIR = 'amt-console';
export const PINS_FILE_NAME = 'pins.json';

export function defaultPinsPath(env: Readonly<Record<string, string | undefined>>, home: string = homedir()): string {
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const base = xdg !== undefined && xdg.length > 0 && isAbsolute(xdg) ? xdg : join(home, '.config');
  return join(base, APP_CONFIG_DIR, PINS_FILE_NAME);
}
