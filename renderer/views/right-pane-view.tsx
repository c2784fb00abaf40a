// The right pane: "Details", "Terminal" (Serial-over-LAN), "IDE-R" (an image served as the client's floppy or CD)
// and "Jobs" tabs. The terminal stays mounted once it
// has been shown, so a live session keeps its screen while the user looks at the details.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ClientId } from '../../shared/domain';
import { Icon } from '../components/icons/icon';
import { selectSelectedClientIds, useSelectionStore } from '../stores/selection-store';
import { selectIsLive, showPaneTab, useSolStore } from '../stores/sol-store';
import { selectRunningCount, useJobsStore } from '../stores/jobs-store';
import { selectIderLive, useIderStore } from '../stores/ider-store';
import { DetailsView } from './details-view';
import { IderView } from './ider-view';
import { JobsView } from './jobs-view';
import { TerminalView } from './terminal-view';

export function RightPaneView() {
  const tab = useSolStore((s) => s.paneTab);
  const live = useSolStore(selectIsLive);
  const iderLive = useIderStore(selectIderLive);
  const selectedIds = useSelectionStore(useShallow(selectSelectedClientIds));
  const selectedKeys = useSelectionStore((s) => s.selected.size);
  const onlyId: ClientId | null = selectedIds.length === 1 && selectedKeys === 1 ? (selectedIds[0] as ClientId) : null;
  const [terminalMounted, setTerminalMounted] = useState(false);
  const runningJobs = useJobsStore(selectRunningCount);
  if (tab === 'terminal' && !terminalMounted) setTerminalMounted(true);

  return (
    <section className="details-pane right-pane" aria-label="Details and terminal">
      <div className="tabs pane-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'details'}
          className="tab"
          data-testid="tab-details"
          onClick={() => showPaneTab('details')}
        >
          <Icon name="info" /> Details
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'terminal'}
          className="tab"
          data-testid="tab-terminal"
          onClick={() => showPaneTab('terminal')}
        >
          <Icon name="terminal" /> Terminal (SOL)
          {live && <span className="live-dot" aria-label="session open" />}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'ider'}
          className="tab"
          data-testid="tab-ider"
          onClick={() => showPaneTab('ider')}
        >
          <Icon name="disk" /> IDE-R
          {iderLive && <span className="live-dot" aria-label="image being served" />}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'jobs'}
          className="tab"
          data-testid="tab-jobs"
          onClick={() => showPaneTab('jobs')}
        >
          <Icon name="clock" /> Jobs
          {runningJobs > 0 && <span className="badge running-badge">{runningJobs}</span>}
        </button>
      </div>
      {tab === 'jobs' && (
        <div className="pane-body jobs-body" role="tabpanel" aria-label="Jobs">
          <JobsView />
        </div>
      )}
      {tab === 'ider' && (
        <div className="pane-body" role="tabpanel" aria-label="IDE-R">
          <IderView selectedId={onlyId} />
        </div>
      )}
      <div className={tab === 'details' ? 'pane-body' : 'pane-body hidden-pane'} role="tabpanel" aria-label="Details">
        <DetailsView />
      </div>
      {terminalMounted && (
        <div
          className={tab === 'terminal' ? 'pane-body terminal-body' : 'pane-body terminal-body hidden-pane'}
          role="tabpanel"
          aria-label="Terminal"
        >
          <TerminalView selectedId={onlyId} />
        </div>
      )}
    </section>
  );
}
