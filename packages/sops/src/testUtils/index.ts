/**
 * Test helpers: a fake Cloud KMS gRPC server and a runner for the real sops
 * CLI (built by scripts/ensure-sops.sh).
 *
 * @packageDocumentation
 */
export { FakeKmsServer, createLoopbackCertificate } from './FakeKmsServer';
export type {
  FakeKmsCall,
  FakeKmsServerOptions,
  FakeKmsTls,
} from './FakeKmsServer';
export { findRepoRoot, runSops, sopsBin } from './realSops';
