// An image file dropped on the IDE-R panel (issue 9): which medium its name says, and what to tell the user when
// the drop cannot be used. Pure; main still checks the image itself before anything is served.
import type { IderMedia } from '../../shared/ipc';

/** File name endings that say which drive an image is for; anything else keeps the panel's choice. */
const CD_ENDINGS = /\.(iso)$/i;
const FLOPPY_ENDINGS = /\.(img|ima|flp|vfd)$/i;

export interface DroppedFile {
  readonly name: string;
  /** The file's path on this computer, when the shell can tell it (Electron); null in a browser. */
  readonly path: string | null;
}

export type DropOutcome =
  | { readonly ok: true; readonly media: IderMedia; readonly path: string }
  | { readonly ok: false; readonly words: string; readonly media: IderMedia };

export const DROP_ONE_FILE_WORDS = 'Drop one image file (a floppy image or a CD/ISO image).';
export const DROP_NO_PATH_WORDS =
  'This browser does not tell the console where a dropped file is: type or paste its path on this computer instead.';

export function mediaOfImageName(name: string, current: IderMedia): IderMedia {
  if (CD_ENDINGS.test(name)) return 'cd';
  if (FLOPPY_ENDINGS.test(name)) return 'floppy';
  return current;
}

/** The panel's media and path after a drop of `files` (as many as the user dropped). */
export function dropOutcome(files: readonly DroppedFile[], current: IderMedia): DropOutcome {
  const only = files.length === 1 ? files[0] : undefined;
  if (only === undefined) return { ok: false, words: DROP_ONE_FILE_WORDS, media: current };
  const media = mediaOfImageName(only.name, current);
  if (only.path === null || only.path.trim() === '') return { ok: false, words: DROP_NO_PATH_WORDS, media };
  return { ok: true, media, path: only.path };
}
