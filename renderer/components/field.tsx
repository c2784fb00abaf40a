// One label and its value in a details card's <dl className="fields">: an empty value shows as a muted dash.
export interface FieldProps {
  readonly label: string;
  readonly value: React.ReactNode;
  readonly testId?: string;
  readonly mono?: boolean;
}

export function Field({ label, value, testId, mono }: FieldProps) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono === true ? 'mono' : undefined} data-testid={testId}>
        {value === null || value === undefined || value === '' ? <span className="muted">—</span> : value}
      </dd>
    </>
  );
}
