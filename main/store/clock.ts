// The store's notion of "now", injectable so tests can pin timestamps. ISO 8601 UTC strings sort as time.

export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function isoNow(clock: Clock): string {
  return clock().toISOString();
}
