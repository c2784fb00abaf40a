export * from './api';
export * from './contract';
export * from './wire';
export { CHANNEL_NAMES } from './names';
export * from './event-listeners';
