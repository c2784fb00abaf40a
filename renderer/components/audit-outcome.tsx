// How an audit entry ended, as one line: a check and "Done", or an error mark and the failure's words.
import type { AuditEntry } from '../../shared/domain';
import { Icon } from './icons/icon';

export function AuditOutcome({ entry, iconSizePx }: { readonly entry: AuditEntry; readonly iconSizePx: number }) {
  return entry.result === 'ok' ? (
    <span className="status ok">
      <Icon name="check" className="tone-ok" sizePx={iconSizePx} /> Done
    </span>
  ) : (
    <span className="status failed">
      <Icon name="error" className="tone-error" sizePx={iconSizePx} /> {entry.detail || 'Failed'}
    </span>
  );
}
