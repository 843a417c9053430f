import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { PgSearchEngine } from '@backstage/plugin-search-backend-module-pg';
import { LunrSearchEngine } from '@backstage/plugin-search-backend-node';
import { searchEngineRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import {
  IndexableResultSet,
  SearchQuery,
} from '@backstage/plugin-search-common';

/**
 * The in-memory Lunr engine, except that a query for document types none of
 * which has an index yet answers an empty result instead of throwing
 * `MissingIndexError` (which the search router turns into a 500).
 *
 * Lunr creates a type's index only from a collator run that yields at least
 * one document. On a fresh portal no docs are built when the TechDocs
 * collator first runs (3 s after start), so `techdocs` had no index until
 * the next run after the first docs build, 10 minutes later.
 */
export class LunrSearchEngineWithEmptyTypes extends LunrSearchEngine {
  async query(query: SearchQuery): Promise<IndexableResultSet> {
    const types = query.types ?? [];
    if (types.length > 0 && types.every(type => !this.lunrIndices[type])) {
      return { results: [], numberOfResults: 0 };
    }
    return super.query(query);
  }
}

/**
 * The search engine where PostgreSQL is not the database (development on
 * SQLite): {@link LunrSearchEngineWithEmptyTypes}. On PostgreSQL the
 * `search-backend-module-pg` engine is used, and this module does nothing.
 */
export const searchModuleDrktrcLunrEngine = createBackendModule({
  pluginId: 'search',
  moduleId: 'drktrc-lunr-engine',
  register(env) {
    env.registerInit({
      deps: {
        searchEngineRegistry: searchEngineRegistryExtensionPoint,
        database: coreServices.database,
        logger: coreServices.logger,
      },
      async init({ searchEngineRegistry, database, logger }) {
        if (await PgSearchEngine.supported(database)) return;
        searchEngineRegistry.setSearchEngine(
          new LunrSearchEngineWithEmptyTypes({ logger }),
        );
      },
    });
  },
});
