export * from './api';
export * from './kubernetes';
