// The "Prerequisites" card of the details pane (mission M3, seed §2.7.6): per facility a verdict
// (possible / not possible / unverified) and each check main evaluated, marked ✓ met, ✗ failed, ? unknown.
import type {
  FacilityPrerequisites,
  PrerequisiteFacility,
  PrerequisiteState,
  PrerequisiteVerdict,
} from '../../shared/domain';

const FACILITY_LABEL: Readonly<Record<PrerequisiteFacility, string>> = {
  'amt-linkage': 'AMT linkage (client control)',
  'remote-control': 'AMT remote control (BIOS over Serial-over-LAN)',
};

const VERDICT_LABEL: Readonly<Record<PrerequisiteVerdict, string>> = {
  possible: 'Possible',
  'not-possible': 'Not possible',
  unverified: 'Unverified: some prerequisites are not known',
};

const VERDICT_CLASS: Readonly<Record<PrerequisiteVerdict, string>> = {
  possible: 'ok',
  'not-possible': 'failed',
  unverified: 'unknown',
};

const STATE_MARK: Readonly<Record<PrerequisiteState, string>> = { ok: '✓', failed: '✗', unknown: '?' };
const STATE_NAME: Readonly<Record<PrerequisiteState, string>> = { ok: 'Met', failed: 'Not met', unknown: 'Not known' };

export function PrerequisitesSection({
  prerequisites,
  loading,
}: {
  prerequisites: readonly FacilityPrerequisites[] | null;
  loading: boolean;
}) {
  return (
    <section className="card" aria-label="Prerequisites" data-testid="details-prerequisites">
      <h3 className="card-title">Prerequisites</h3>
      {prerequisites === null || prerequisites.length === 0 ? (
        <p className="muted small">{loading ? 'Checking…' : 'Not checked yet.'}</p>
      ) : (
        prerequisites.map((facility) => (
          <div
            key={facility.facility}
            className="prerequisite-facility"
            data-testid="prerequisite-facility"
            data-facility={facility.facility}
            data-verdict={facility.verdict}
          >
            <div className="prerequisite-verdict">
              <strong>{FACILITY_LABEL[facility.facility]}</strong>
              <span className={`prerequisite-state ${VERDICT_CLASS[facility.verdict]}`}>
                {VERDICT_LABEL[facility.verdict]}
              </span>
            </div>
            <ul className="prerequisite-checks">
              {facility.checks.map((check) => (
                <li
                  key={check.ruleId}
                  data-testid="prerequisite-check"
                  data-rule={check.ruleId}
                  data-state={check.state}
                >
                  <span
                    className={`prerequisite-mark ${check.state}`}
                    role="img"
                    aria-label={STATE_NAME[check.state]}
                    title={STATE_NAME[check.state]}
                  >
                    {STATE_MARK[check.state]}
                  </span>
                  <span>{check.words}</span>
                </li>
              ))}
            </ul>
          </div>
        ))
      )}
    </section>
  );
}
