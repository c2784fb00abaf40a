// Public face of main/host: the headless host.
export { startHost, type HostOptions, type HostCore, type RunningHost } from './start-host';
export { HOST_ADDRESS, tokenCookieName } from './request-gate';
export { DEFAULT_SOCKET_LIMITS, type SocketLimits } from './socket-endpoint';
