// Types of scripts/demo-fleet.mjs for the TypeScript callers (the e2e fixture and the bench).
export interface DemoDevice {
  readonly host: string;
  readonly hostName: string;
  readonly mac: string;
  readonly hasAmt: boolean;
  readonly amtVersion: string;
  getPowerState(): number;
  setPowerState(state: number): void;
}
export interface DemoFleet {
  readonly devices: readonly DemoDevice[];
  close(): Promise<void>;
}
export type DemoCall = (channel: string, request: unknown) => Promise<any>;
export declare const DEMO_COUNT: number;
export declare const DEMO_WITHOUT_AMT: readonly number[];
export declare const DEMO_WRONG_PASSWORD: number;
export declare const DEMO_SOFT_OFF: readonly number[];
export declare function startDemoFleet(options?: {
  baseAddress?: string;
  timeScale?: number;
}): Promise<{ fleet: DemoFleet; password: string; powerIndexes: number[] }>;
export declare function seedDemoConsole(
  call: DemoCall,
  fleet: DemoFleet,
  password: string,
): Promise<{
  east: { id: number; name: string };
  west: { id: number; name: string };
  ids: number[];
  results: Array<{ id: number; ok: boolean }>;
}>;
/** The simulator module as built (dist/sim/index.mjs); typed loosely, tests use a few of its names. */
export declare function loadSimulator(): Promise<any>;
