/**
 * Test helpers: a fake GKE API server on loopback.
 *
 * @packageDocumentation
 */
export { FakeGkeServer } from './FakeGkeServer';
export type { FakeGkeCluster } from './FakeGkeServer';
export { FleetFileServer } from './FleetFileServer';
