export * from './errors';
export * from './fleet';
export * from './ids';
export * from './power';
export * from './ipv4';
export * from './error-words';
export * from './prerequisites';
export * from './jobs';
