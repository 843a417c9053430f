/**
 * The portal's own git server and its UrlReader.
 *
 * @packageDocumentation
 */
export { gitServerPlugin as default, DEFAULT_GIT_SERVER_ROOT } from './plugin';
export { GitServerUrlReader } from './urlReader/GitServerUrlReader';
export { gitServerUrlReaderServiceFactory } from './urlReader/serviceFactory';
export { GitRepositoryStore } from './service/GitRepositoryStore';
