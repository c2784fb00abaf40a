export * from './errors';
export * from './fleet';
export * from './ids';
export * from './power';
export * from './error-words';
