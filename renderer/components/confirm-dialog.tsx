// Confirmation before an action that can lose unsaved work: says what will happen and lists every
// target (the first ones by name, then how many more), with the safe choice focused.
import { Dialog } from './dialog';
import { Icon } from './icons/icon';

export interface ConfirmDialogProps {
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  readonly targets: readonly string[];
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly testId: string;
}

/** More targets than this are summarised as "and N more". */
export const MAX_LISTED_TARGETS = 12;

export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  targets,
  onConfirm,
  onCancel,
  testId,
}: ConfirmDialogProps) {
  const listed = targets.slice(0, MAX_LISTED_TARGETS);
  const more = targets.length - listed.length;
  return (
    <Dialog
      title={title}
      role="alertdialog"
      testId={testId}
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="button accent danger" data-testid="confirm-ok" onClick={onConfirm}>
            {confirmLabel}
          </button>
          <button type="button" className="button" data-testid="confirm-cancel" data-autofocus onClick={onCancel}>
            Cancel
          </button>
        </>
      }
    >
      <div className="confirm-message">
        <Icon name="warning" className="tone-warning" sizePx={20} />
        <p>{message}</p>
      </div>
      <ul className="target-list" aria-label="Targets" data-testid="confirm-targets">
        {listed.map((name) => (
          <li key={name}>
            <Icon name="client" />
            {name}
          </li>
        ))}
        {more > 0 && <li className="muted">and {more.toLocaleString()} more</li>}
      </ul>
    </Dialog>
  );
}
