// A drop-down of relays (or the managing server directly) for dialogs that place clients.
import type { Relay, RelayId } from '../../shared/domain';

export interface RelaySelectProps {
  readonly id: string;
  readonly relays: readonly Relay[];
  readonly value: RelayId | null;
  readonly onChange: (value: RelayId | null) => void;
}

export function RelaySelect({ id, relays, value, onChange }: RelaySelectProps) {
  return (
    <select
      id={id}
      className="input"
      value={value === null ? '' : String(value)}
      onChange={(e) => onChange(e.target.value === '' ? null : (Number(e.target.value) as RelayId))}
    >
      <option value="">Managing server (direct)</option>
      {relays.map((r) => (
        <option key={r.id} value={r.id}>
          {r.name} ({r.kind === 'relay-manager' ? 'relay manager' : 'relay system'})
        </option>
      ))}
    </select>
  );
}
