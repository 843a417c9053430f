/**
 * Test helpers: a fake Cloud KMS gRPC server.
 *
 * @packageDocumentation
 */
export { FakeKmsServer, createLoopbackCertificate } from './FakeKmsServer';
export type {
  FakeKmsCall,
  FakeKmsServerOptions,
  FakeKmsTls,
} from './FakeKmsServer';
