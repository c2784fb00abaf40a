// The console window: command bar, tree | details split, bottom results panel, status bar. Loads the
// fleet once window.amt is there and keeps it live through main's events.
import { useEffect, useState } from 'react';
import type { AmtApi } from '../../shared/ipc';
import { startLiveUpdates } from '../api/live-updates';
import { loadFleet, useFleetStore } from '../stores/fleet-store';
import { showPaneTab, useSolStore } from '../stores/sol-store';
import { JobNotices } from '../components/job-notices';
import { dismissJobNotice, selectJob, useJobsStore } from '../stores/jobs-store';
import { BottomPanelView } from './bottom-panel-view';
import { RightPaneView } from './right-pane-view';
import { DialogsView } from './dialogs-view';
import { StatusBarView } from './status-bar-view';
import { ToolbarView } from './toolbar-view';
import { TreeView } from './tree-view';

export function AppView({ api }: { api: AmtApi }) {
  const status = useFleetStore((s) => s.status);
  const [ready, setReady] = useState(false);
  const paneTab = useSolStore((s) => s.paneTab);
  const notices = useJobsStore((s) => s.notices);
  useEffect(() => {
    const stop = startLiveUpdates(api);
    void loadFleet().then(() => setReady(true));
    return stop;
  }, [api]);
  const connection = status === 'failed' ? 'failed' : ready ? 'connected' : 'connecting';
  return (
    <div className="app" data-testid="app" data-ready={ready && status === 'ready'}>
      <ToolbarView />
      <main className={paneTab === 'terminal' ? 'panes with-terminal' : 'panes'}>
        <TreeView />
        <div className="splitter" aria-hidden="true" />
        <RightPaneView />
      </main>
      <BottomPanelView />
      <StatusBarView connection={connection} />
      <DialogsView />
      <JobNotices
        notices={notices}
        onDismiss={dismissJobNotice}
        onShow={(jobId) => {
          selectJob(jobId);
          showPaneTab('jobs');
        }}
      />
    </div>
  );
}

/** Shown when neither the preload nor bridge.js provided window.amt. */
export function NoConnectionView() {
  return (
    <div className="no-connection" data-testid="no-connection" role="alert">
      <h1>The console cannot reach its service</h1>
      <p>The window opened without a connection to the console's main process. Close it and start the console again.</p>
    </div>
  );
}
