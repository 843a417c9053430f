export { gitopsApiRef } from './GitopsApi';
export type { GitopsApi, FluxTarget } from './GitopsApi';
export { GitopsClient } from './GitopsClient';
export type { GitopsClientOptions } from './GitopsClient';
