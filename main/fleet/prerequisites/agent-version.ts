// The product's agent version numbers ("08-10", "09-50", seed §2.7.6): parsing and ordering. The seed
// writes "VV-RR"; "08.10", "8-10" and "8.10" are read the same way, and a trailing revision ("09-50-01",
// "3.2.0") is accepted and ignored, since the seed's thresholds name version and release only.

export interface AgentVersion {
  readonly major: number;
  readonly minor: number;
}

/** Major and release of one or two digits each, '-' or '.' between them, an optional numeric revision. */
const AGENT_VERSION = /^\s*(\d{1,2})[-.](\d{1,2})(?:[-.]\d{1,4})?\s*$/;

/** null when the text is not a version in that shape (the caller reports it as unknown, not as failed). */
export function parseAgentVersion(text: string): AgentVersion | null {
  const match = AGENT_VERSION.exec(text);
  if (match === null) return null;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

export function compareAgentVersions(a: AgentVersion, b: AgentVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** The seed's own spelling, two digits each: "08-51". */
export function formatAgentVersion(version: AgentVersion): string {
  return `${String(version.major).padStart(2, '0')}-${String(version.minor).padStart(2, '0')}`;
}
