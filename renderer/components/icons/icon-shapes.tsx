// Our own 16×16 line icons (no icon font, no external URL), drawn for this console in a Fluent-like
// weight: 1.25px strokes in currentColor, rounded joints. Each entry is the inside of one <svg>.
import type { ReactElement } from 'react';

export type IconName =
  | 'server'
  | 'relay-manager'
  | 'relay-system'
  | 'client'
  | 'client-no-amt'
  | 'chevron-right'
  | 'chevron-down'
  | 'caret-down'
  | 'power'
  | 'power-on'
  | 'shutdown'
  | 'restart'
  | 'cycle'
  | 'sleep'
  | 'hibernate'
  | 'reset'
  | 'refresh'
  | 'add'
  | 'import'
  | 'discover'
  | 'remove'
  | 'search'
  | 'filter'
  | 'warning'
  | 'error'
  | 'check'
  | 'info'
  | 'close'
  | 'clock'
  | 'list'
  | 'terminal'
  | 'bios'
  | 'plug'
  | 'unplug'
  | 'keyboard'
  | 'disk'
  | 'key';

const S = {
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.25,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
} as const;

export const ICON_SHAPES: Readonly<Record<IconName, ReactElement>> = {
  terminal: (
    <g {...S}>
      <rect x="1.5" y="2.5" width="13" height="11" rx="1.5" />
      <path d="M4.5 6.5l2 1.75-2 1.75M8.5 10.5h3" />
    </g>
  ),
  bios: (
    <g {...S}>
      <rect x="4" y="4" width="8" height="8" rx="1" />
      <path d="M6 1.5V4M8 1.5V4M10 1.5V4M6 12v2.5M8 12v2.5M10 12v2.5M1.5 6H4M1.5 8H4M1.5 10H4M12 6h2.5M12 8h2.5M12 10h2.5" />
      <path d="M6.5 8h3" />
    </g>
  ),
  plug: (
    <g {...S}>
      <path d="M5.5 1.5v3M10.5 1.5v3M3.5 4.5h9v2.5a4.5 4.5 0 0 1-9 0z" />
      <path d="M8 11.5v3" />
    </g>
  ),
  unplug: (
    <g {...S}>
      <path d="M5.5 1.5v3M10.5 1.5v3M3.5 4.5h9v2.5a4.5 4.5 0 0 1-9 0z" />
      <path d="M8 11.5v3M2 14L14 2" />
    </g>
  ),
  keyboard: (
    <g {...S}>
      <rect x="1.5" y="4" width="13" height="8" rx="1.25" />
      <path d="M4 6.5h.01M6.5 6.5h.01M9 6.5h.01M11.5 6.5h.01M4.5 9.5h7" />
    </g>
  ),
  server: (
    <g {...S}>
      <rect x="3" y="1.5" width="10" height="13" rx="1.5" />
      <path d="M5.5 4.5h5M5.5 7h5" />
      <circle cx="8" cy="11.2" r="0.9" fill="currentColor" stroke="none" />
    </g>
  ),
  'relay-manager': (
    <g {...S}>
      <rect x="5" y="1.5" width="6" height="4" rx="1" />
      <rect x="1.5" y="10.5" width="5" height="4" rx="1" />
      <rect x="9.5" y="10.5" width="5" height="4" rx="1" />
      <path d="M8 5.5v2.5M4 10.5V8h8v2.5" />
    </g>
  ),
  'relay-system': (
    <g {...S}>
      <rect x="2" y="2.5" width="12" height="4.5" rx="1" />
      <rect x="2" y="9" width="12" height="4.5" rx="1" />
      <path d="M4.5 4.75h2M4.5 11.25h2" />
      <circle cx="11.5" cy="4.75" r="0.7" fill="currentColor" stroke="none" />
      <circle cx="11.5" cy="11.25" r="0.7" fill="currentColor" stroke="none" />
    </g>
  ),
  client: (
    <g {...S}>
      <rect x="1.5" y="2.5" width="13" height="8.5" rx="1.25" />
      <path d="M6 14h4M8 11v3" />
    </g>
  ),
  'client-no-amt': (
    <g {...S}>
      <rect x="1.5" y="2.5" width="13" height="8.5" rx="1.25" strokeDasharray="2 1.6" />
      <path d="M6 14h4M8 11v3" />
    </g>
  ),
  'chevron-right': <path {...S} d="M6 4l4 4-4 4" />,
  'chevron-down': <path {...S} d="M4 6l4 4 4-4" />,
  'caret-down': <path d="M4.5 6.5h7L8 10.5z" fill="currentColor" />,
  power: (
    <g {...S}>
      <path d="M8 1.75v5.5" />
      <path d="M4.6 4.1a5 5 0 1 0 6.8 0" />
    </g>
  ),
  'power-on': (
    <g {...S}>
      <path d="M8 1.75v5.5" />
      <path d="M4.6 4.1a5 5 0 1 0 6.8 0" />
    </g>
  ),
  shutdown: (
    <g {...S}>
      <rect x="2.5" y="2.5" width="11" height="11" rx="2.5" />
      <path d="M8 4.75v3.5" />
      <path d="M5.9 6.2a3 3 0 1 0 4.2 0" />
    </g>
  ),
  restart: (
    <g {...S}>
      <path d="M13 8a5 5 0 1 1-1.6-3.7" />
      <path d="M11.9 1.8v2.9H9" />
    </g>
  ),
  reset: (
    <g {...S}>
      <path d="M13 8a5 5 0 1 1-1.6-3.7" />
      <path d="M11.9 1.8v2.9H9" />
      <path d="M8 5.8v2.6l1.6 1" />
    </g>
  ),
  cycle: (
    <g {...S}>
      <path d="M2.5 7a5.5 5.5 0 0 1 9.6-2.8" />
      <path d="M12.6 1.9v2.6H10" />
      <path d="M13.5 9a5.5 5.5 0 0 1-9.6 2.8" />
      <path d="M3.4 14.1v-2.6H6" />
    </g>
  ),
  sleep: <path {...S} d="M12.8 10.2A5.6 5.6 0 0 1 5.8 3.2a5.6 5.6 0 1 0 7 7z" />,
  hibernate: (
    <g {...S}>
      <path d="M8 1.5v13M2.4 4.75l11.2 6.5M2.4 11.25l11.2-6.5" />
      <path d="M6.5 2.6L8 4l1.5-1.4M6.5 13.4L8 12l1.5 1.4" />
    </g>
  ),
  refresh: (
    <g {...S}>
      <path d="M13.2 6.6A5.3 5.3 0 0 0 3.3 5" />
      <path d="M2.8 9.4a5.3 5.3 0 0 0 9.9 1.6" />
      <path d="M3 2.2V5h2.8M13 13.8V11h-2.8" />
    </g>
  ),
  add: <path {...S} d="M8 2.5v11M2.5 8h11" />,
  import: (
    <g {...S}>
      <path d="M8 1.75v7.5M5 6.5l3 3 3-3" />
      <path d="M2.5 10.5v2a1.5 1.5 0 0 0 1.5 1.5h8a1.5 1.5 0 0 0 1.5-1.5v-2" />
    </g>
  ),
  discover: (
    <g {...S}>
      <circle cx="7" cy="7" r="4.75" />
      <path d="M10.5 10.5L14 14" />
      <path d="M4.8 7a2.2 2.2 0 0 1 2.2-2.2" />
    </g>
  ),
  remove: (
    <g {...S}>
      <path d="M2.5 4h11M6 4V2.5h4V4" />
      <path d="M3.8 4l.7 9.1a1 1 0 0 0 1 .9h5a1 1 0 0 0 1-.9L12.2 4" />
      <path d="M6.7 6.7v4.6M9.3 6.7v4.6" />
    </g>
  ),
  search: (
    <g {...S}>
      <circle cx="6.75" cy="6.75" r="4.25" />
      <path d="M10 10l4 4" />
    </g>
  ),
  filter: <path {...S} d="M2 3h12l-4.6 5.4V13l-2.8 1.2V8.4z" />,
  warning: (
    <g>
      <path d="M7.13 1.9a1 1 0 0 1 1.74 0l6.1 10.9a1 1 0 0 1-.87 1.5H1.9a1 1 0 0 1-.87-1.5z" fill="currentColor" />
      <path d="M8 5.6v3.8" stroke="#fff" strokeWidth="1.5" strokeLinecap="round" />
      <circle cx="8" cy="11.6" r="0.95" fill="#fff" />
    </g>
  ),
  error: (
    <g>
      <circle cx="8" cy="8" r="6.75" fill="currentColor" />
      <path d="M5.6 5.6l4.8 4.8M10.4 5.6l-4.8 4.8" stroke="#fff" strokeWidth="1.5" strokeLinecap="round" />
    </g>
  ),
  check: (
    <g>
      <circle cx="8" cy="8" r="6.75" fill="currentColor" />
      <path
        d="M5 8.2l2 2 4-4.2"
        fill="none"
        stroke="#fff"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </g>
  ),
  info: (
    <g>
      <circle cx="8" cy="8" r="6.75" fill="currentColor" />
      <path d="M8 7.2v4" stroke="#fff" strokeWidth="1.5" strokeLinecap="round" />
      <circle cx="8" cy="4.9" r="0.95" fill="#fff" />
    </g>
  ),
  close: <path {...S} d="M3.5 3.5l9 9M12.5 3.5l-9 9" />,
  clock: (
    <g {...S}>
      <circle cx="8" cy="8" r="6" />
      <path d="M8 4.5V8l2.3 1.5" />
    </g>
  ),
  list: <path {...S} d="M5.5 4h8M5.5 8h8M5.5 12h8M2.5 4h.5M2.5 8h.5M2.5 12h.5" />,
  /** A floppy disk: the IDE-R tab (a redirected floppy or CD). */
  disk: (
    <g {...S}>
      <path d="M2.5 3.5a1 1 0 011-1h7.5l2.5 2.5v7.5a1 1 0 01-1 1h-9a1 1 0 01-1-1z" />
      <path d="M5 2.5v3h5v-3M5 13.5v-4h6v4" />
    </g>
  ),
  /** A key: AMT credential profiles. */
  key: (
    <g {...S}>
      <circle cx="5" cy="11" r="2.5" />
      <path d="M6.8 9.2l6.2-6.2M11 5l1.8 1.8M9.4 6.6l1.4 1.4" />
    </g>
  ),
};
