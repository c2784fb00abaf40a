// "Job defaults" (M7 settings): the options every new job starts with — client control, Wake-on-LAN fallback,
// wait time, retries and their interval, shut down afterwards, concurrency overall and per relay, the OS port.
// A job can still override each of them in its own form. Wrong fields show their words; nothing is saved then.
import { useState } from 'react';
import type { JobOptions } from '../../shared/domain';
import { checkOptionsForm, initialOptionsForm, type FieldErrors, type JobOptionsForm } from '../model/job-form';
import { Dialog } from './dialog';
import { Icon } from './icons/icon';
import { JobOptionsFields } from './job-options-fields';

export interface JobDefaultsDialogProps {
  readonly defaults: JobOptions;
  /** Resolves to null once saved, or main's words and the fields they belong to. */
  readonly onSave: (options: JobOptions) => Promise<{ words: string; errors: FieldErrors } | null>;
  readonly onClose: () => void;
}

export function JobDefaultsDialog({ defaults, onSave, onClose }: JobDefaultsDialogProps) {
  const [form, setForm] = useState<JobOptionsForm>(() => initialOptionsForm(defaults));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [mainWords, setMainWords] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    const checked = checkOptionsForm(form);
    setMainWords(null);
    if (checked.errors !== null) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    const failed = await onSave(checked.options);
    setBusy(false);
    if (failed === null) return onClose();
    setErrors(failed.errors);
    if (Object.keys(failed.errors).length === 0) setMainWords(failed.words);
  };

  return (
    <Dialog
      title="Job defaults"
      testId="job-defaults-dialog"
      widthPx={620}
      onClose={onClose}
      footer={
        <>
          <button
            type="submit"
            form="job-defaults-form"
            className="button accent"
            data-autofocus
            data-testid="job-defaults-save"
            disabled={busy}
          >
            {busy ? 'Saving…' : 'Save defaults'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <p className="muted small">Every new job starts with these options; its own form can change them for that job.</p>
      <form id="job-defaults-form" className="form-grid job-form" onSubmit={(e) => void submit(e)} noValidate>
        <JobOptionsFields form={form} onChange={setForm} errors={errors} idPrefix="defaults" />
      </form>
      {mainWords !== null && (
        <div className="inline-error" role="alert" data-testid="job-defaults-error">
          <Icon name="error" className="tone-error" /> {mainWords}
        </div>
      )}
    </Dialog>
  );
}
