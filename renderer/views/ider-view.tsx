// The IDE-R tab wired to the IDE-R slice and commands. `selectedId`: the one selected client, the panel's client
// when no session is live (a live session stays with its client while the user looks at others).
import type { ClientId } from '../../shared/domain';
import { requestBootFromImage, startIderFor, stopIder } from '../commands/ider-command';
import { IderPanel } from '../components/ider-panel';
import { useFleetStore } from '../stores/fleet-store';
import { applyIderDrop, selectIderLive, selectIderStateLine, setIderForm, useIderStore } from '../stores/ider-store';
import { droppedFilePath } from '../api/dropped-file-path';
import { dropOutcome } from '../model/dropped-image';

export function IderView({ selectedId }: { selectedId: ClientId | null }) {
  const ider = useIderStore((s) => s);
  const live = selectIderLive(ider);
  const clientId = live ? ider.clientId : (selectedId ?? ider.clientId);
  const hostName = useFleetStore((s) => (clientId === null ? null : (s.clientsById.get(clientId)?.hostName ?? null)));
  const showSession = clientId !== null && clientId === ider.clientId;
  return (
    <IderPanel
      hostName={hostName}
      media={ider.media}
      path={ider.path}
      startMode={ider.startMode}
      state={showSession ? ider.state : 'idle'}
      stateLine={
        clientId === null
          ? 'Select one client to serve it an image'
          : showSession
            ? selectIderStateLine(ider)
            : 'Not serving an image'
      }
      pathError={ider.pathError}
      progress={showSession ? ider.progress : null}
      canStart={clientId !== null}
      booting={ider.booting}
      onMedia={(media) => setIderForm({ media })}
      onPath={(path) => setIderForm({ path })}
      onStartMode={(startMode) => setIderForm({ startMode })}
      onStart={() => {
        if (clientId !== null) void startIderFor(clientId);
      }}
      onStop={() => void stopIder()}
      onBoot={() => {
        if (clientId !== null) void requestBootFromImage(clientId);
      }}
      onDropFiles={(files) => {
        const dropped = files.map((file) => ({ name: file.name, path: droppedFilePath(file) }));
        applyIderDrop(dropOutcome(dropped, useIderStore.getState().media));
      }}
    />
  );
}
