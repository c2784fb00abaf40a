// Public face of client control (main/control, mission M1): one target's power-on for a job, AMT first and
// Wake-on-LAN next, with the wait until it is up. Rung (c): imports main/amt, main/wol, main/fleet and shared.

export { powerOnForJob, type PowerOnTarget, type PowerOnDeps, type AmtPowerOps } from './power-on';
export { createAmtPowerOps, type AmtPowerOpsOptions } from './amt-power-ops';
export { systemControlClock, type ControlClock } from './control-clock';
export { createTcpIsUp, type TcpIsUpOptions } from './tcp-is-up';
export {
  resolvePowerOnOptions,
  DEFAULT_WAIT_SEC,
  MAX_WAIT_SEC,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_RETRIES,
  MAX_RETRIES,
  DEFAULT_RETRY_GAP_MS,
  type PowerOnOptions,
  type ResolvedPowerOnOptions,
} from './power-on-options';
export {
  amtUnusableWords,
  amtFailureWords,
  wolUnavailableWords,
  wolSendFailureWords,
  amtWaitTimeoutWords,
  wolWaitTimeoutWords,
  joinReasons,
  type PowerOnMethod,
  type PowerOnOutcome,
  type AmtUnusable,
} from './power-on-outcome';
