// The clock client control waits with: now and sleep, injectable so unit tests run a wait of minutes at once.

export interface ControlClock {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export const systemControlClock: ControlClock = {
  nowMs: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
