// Public face of main/api: the router, the event emitter, the handlers and the API's own errors.
export {
  createRouter,
  type Router,
  type RouterOptions,
  type Handlers,
  type ChannelHandler,
  type CallContext,
} from './router';
export { ApiEvents, type ApiEventListener } from './api-events';
export { ApiError, isApiError, type ApiErrorCode } from './api-error';
export { toIpcError, INTERNAL_ERROR_WORDS, type ApiLog, type ErrorTarget } from './error-reply';
export { checkPayloadSize, type PayloadLimits, type PayloadCheck } from './payload-size';
export { createApi, DEFAULT_AMT_TIMEOUT_MS, type Api, type ApiOptions } from './create-api';
export { DEFAULT_POWER_WATCH, type PowerWatchOptions } from './power-watch';
export { NO_AMT_WORDS } from './handlers/client-preflight';
