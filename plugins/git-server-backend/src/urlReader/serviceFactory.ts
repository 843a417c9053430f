import { createServiceFactory } from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { GitServerUrlReader } from './GitServerUrlReader';

/**
 * Adds the portal git server's reader to the UrlReader service, so the
 * catalog and `catalog:register` read files from it.
 * @public
 */
export const gitServerUrlReaderServiceFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return GitServerUrlReader.factory;
  },
});
