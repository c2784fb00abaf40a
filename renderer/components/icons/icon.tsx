// One inline SVG icon from our own set (icon-shapes.tsx). Decorative by default (aria-hidden); pass a
// label when the icon alone carries meaning.
import { ICON_SHAPES, type IconName } from './icon-shapes';

export interface IconProps {
  readonly name: IconName;
  readonly sizePx?: number;
  readonly className?: string;
  /** Accessible name; without it the icon is hidden from assistive technology. */
  readonly label?: string;
}

export function Icon({ name, sizePx = 16, className, label }: IconProps) {
  return (
    <svg
      className={className === undefined ? 'icon' : `icon ${className}`}
      width={sizePx}
      height={sizePx}
      viewBox="0 0 16 16"
      focusable="false"
      {...(label === undefined ? { 'aria-hidden': true } : { role: 'img', 'aria-label': label })}
    >
      {ICON_SHAPES[name]}
    </svg>
  );
}

export type { IconName };
