// How long the audit log keeps its rows (mission M7): older than maxAgeDays or beyond the newest maxRows
// is pruned in the background. One table of ranges for the settings form, the schema and the store.

export interface AuditRetention {
  readonly maxAgeDays: number;
  readonly maxRows: number;
}

export const AUDIT_RETENTION_LIMITS = {
  maxAgeDays: { min: 1, max: 3650, default: 365, label: 'Keep entries for', unit: 'days' },
  maxRows: { min: 1000, max: 10_000_000, default: 1_000_000, label: 'Keep at most', unit: 'entries' },
} as const;

export const DEFAULT_AUDIT_RETENTION: AuditRetention = {
  maxAgeDays: AUDIT_RETENTION_LIMITS.maxAgeDays.default,
  maxRows: AUDIT_RETENTION_LIMITS.maxRows.default,
};

/** "Keep entries for must be a whole number from 1 to 3650 days." */
export function auditRetentionRangeWords(key: keyof AuditRetention): string {
  const { min, max, label, unit } = AUDIT_RETENTION_LIMITS[key];
  return `${label} must be a whole number from ${min} to ${max} ${unit}.`;
}
