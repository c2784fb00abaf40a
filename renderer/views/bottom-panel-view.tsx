// The bottom panel wired to the action-results and activity slices; the activity log is loaded when
// its tab opens and after each action.
import { useEffect, useState } from 'react';
import { ResultsPanel, type PanelTab } from '../components/results-panel';
import { actionLabelOf } from '../commands/run-command';
import { revealClient } from '../commands/reveal-client';
import { clearActionResults, useActionResultsStore } from '../stores/action-results-store';
import { loadActivity, useActivityStore } from '../stores/activity-store';
import type { ClientId } from '../../shared/domain';

export function BottomPanelView() {
  const [tab, setTab] = useState<PanelTab>('results');
  const batches = useActionResultsStore((s) => s.batches);
  const byClient = useActionResultsStore((s) => s.byClient);
  const activity = useActivityStore((s) => s.entries);
  const activityError = useActivityStore((s) => s.error);

  useEffect(() => {
    if (tab === 'activity') void loadActivity();
  }, [tab]);

  return (
    <ResultsPanel
      tab={tab}
      batches={batches}
      byClient={byClient}
      activity={activity}
      activityError={activityError}
      actionLabel={actionLabelOf}
      onTab={setTab}
      onClear={clearActionResults}
      onShowClient={(id) => revealClient(id as ClientId)}
    />
  );
}
