// Which of the seed's OS names (§2.7.6: Windows 7, Vista, Server 2008, Windows 8, Server 2012) an OS
// string belongs to. Case-insensitive, as whole words inside the string, so "Microsoft Windows 7
// Professional SP1" is Windows 7 and "Windows 10" is none of them. Assumptions: "Server 2008 R2" counts
// as Server 2008 and "Server 2012 R2" as Server 2012 (the product names the family), "Windows 8.1" as
// Windows 8; abbreviations such as "Win7" are not recognised (that OS then falls under the general rules).

export type OsFamily = 'windows-7' | 'windows-vista' | 'windows-server-2008' | 'windows-8' | 'windows-server-2012';

/** Order matters only for readability: a string matches at most one family with these patterns. */
const OS_FAMILY_PATTERNS: ReadonlyArray<{
  readonly family: OsFamily;
  readonly pattern: RegExp;
  readonly label: string;
}> = [
  { family: 'windows-7', pattern: /\bwindows\s+7\b/i, label: 'Windows 7' },
  { family: 'windows-vista', pattern: /\bvista\b/i, label: 'Windows Vista' },
  { family: 'windows-server-2008', pattern: /\bserver\s+2008\b/i, label: 'Windows Server 2008' },
  { family: 'windows-8', pattern: /\bwindows\s+8\b/i, label: 'Windows 8' },
  { family: 'windows-server-2012', pattern: /\bserver\s+2012\b/i, label: 'Windows Server 2012' },
];

/** null when the OS is none of the seed's named families (or no OS string is known). */
export function osFamilyOf(os: string | null): OsFamily | null {
  if (os === null) return null;
  return OS_FAMILY_PATTERNS.find((entry) => entry.pattern.test(os))?.family ?? null;
}

export function osFamilyLabel(family: OsFamily): string {
  return OS_FAMILY_PATTERNS.find((entry) => entry.family === family)?.label ?? family;
}
