export * from './api';
export * from './contract';
