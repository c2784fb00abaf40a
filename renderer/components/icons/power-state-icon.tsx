// The power-state badge of a tree row: a small coloured disc per state group (on, sleeping,
// hibernating, off, unknown) so state reads at a glance, with the full label for assistive technology.
import type { PowerState } from '../../../shared/domain';
import { powerGroupOf, powerLabelOf } from '../../model/power-display';

export function PowerStateIcon({ state }: { readonly state: PowerState }) {
  const group = powerGroupOf(state);
  const label = `Power: ${powerLabelOf(state)}`;
  return (
    <svg
      className={`power-icon power-${group}`}
      width="14"
      height="14"
      viewBox="0 0 16 16"
      role="img"
      aria-label={label}
      focusable="false"
    >
      <title>{label}</title>
      {group === 'on' && <circle cx="8" cy="8" r="5.5" fill="currentColor" />}
      {group === 'sleep' && <path d="M12.6 10.4A5.4 5.4 0 0 1 5.6 3.4a5.4 5.4 0 1 0 7 7z" fill="currentColor" />}
      {group === 'hibernate' && (
        <g stroke="currentColor" strokeWidth="1.6" strokeLinecap="round">
          <path d="M8 2v12M2.8 5l10.4 6M2.8 11l10.4-6" />
        </g>
      )}
      {group === 'off' && <circle cx="8" cy="8" r="5" fill="none" stroke="currentColor" strokeWidth="1.6" />}
      {group === 'unknown' && (
        <g>
          <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.3" strokeDasharray="2.2 1.6" />
          <circle cx="8" cy="8" r="1.2" fill="currentColor" />
        </g>
      )}
    </svg>
  );
}
