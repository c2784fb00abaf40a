// Search box and status toggles above the tree. Typing filters as you go; the chips narrow by state.
import { ELIGIBILITY_FILTERS, ELIGIBILITY_FILTER_LABEL, type EligibilityFilter } from '../../shared/domain';
import type { StatusFilter } from '../model/client-filter';
import { Icon } from './icons/icon';

export interface FilterBarProps {
  readonly text: string;
  readonly statuses: ReadonlySet<StatusFilter>;
  readonly shownCount: number;
  readonly totalCount: number;
  readonly onText: (text: string) => void;
  readonly onToggleStatus: (status: StatusFilter) => void;
  readonly onClear: () => void;
  readonly eligibility: EligibilityFilter | null;
  readonly onEligibility: (filter: EligibilityFilter | null) => void;
  readonly onReport: () => void;
}

const CHIPS: ReadonlyArray<{ status: StatusFilter; label: string }> = [
  { status: 'on', label: 'On' },
  { status: 'sleep', label: 'Sleeping' },
  { status: 'hibernate', label: 'Hibernating' },
  { status: 'off', label: 'Off' },
  { status: 'unknown', label: 'Unknown' },
  { status: 'no-amt', label: 'No AMT' },
  { status: 'problem', label: 'Problems' },
];

export function FilterBar({
  text,
  statuses,
  shownCount,
  totalCount,
  onText,
  onToggleStatus,
  onClear,
  eligibility,
  onEligibility,
  onReport,
}: FilterBarProps) {
  const active = text.trim() !== '' || statuses.size > 0 || eligibility !== null;
  return (
    <div className="filter-bar">
      <div className="search-box">
        <Icon name="search" className="search-icon" />
        <input
          type="search"
          className="search-input"
          placeholder="Search host name, IP, MAC, OS or AMT version"
          aria-label="Search clients"
          data-testid="filter-input"
          value={text}
          spellCheck={false}
          onChange={(e) => onText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && text !== '') {
              e.preventDefault();
              onText('');
            }
          }}
        />
      </div>
      <div className="chips" role="group" aria-label="Show only">
        {CHIPS.map((chip) => (
          <button
            key={chip.status}
            type="button"
            className={`chip chip-${chip.status}`}
            aria-pressed={statuses.has(chip.status)}
            data-testid={`filter-status-${chip.status}`}
            onClick={() => onToggleStatus(chip.status)}
          >
            {chip.label}
          </button>
        ))}
        <select
          className="eligibility-select"
          aria-label="Eligibility"
          data-testid="filter-eligibility"
          value={eligibility ?? ''}
          onChange={(e) => onEligibility(e.target.value === '' ? null : (e.target.value as EligibilityFilter))}
        >
          <option value="">Any eligibility</option>
          {ELIGIBILITY_FILTERS.map((f) => (
            <option key={f} value={f}>
              {ELIGIBILITY_FILTER_LABEL[f]}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="chip"
          data-testid="open-report"
          onClick={onReport}
          title="Prerequisites report for the selected relay, or the whole fleet"
        >
          Prerequisites report
        </button>
        {active && (
          <button type="button" className="chip chip-clear" data-testid="filter-clear" onClick={onClear}>
            <Icon name="close" sizePx={10} />
            Clear
          </button>
        )}
        <span className="filter-count" data-testid="filter-count" aria-live="polite">
          {active
            ? `${shownCount.toLocaleString()} of ${totalCount.toLocaleString()} clients`
            : `${totalCount.toLocaleString()} clients`}
        </span>
      </div>
    </div>
  );
}
