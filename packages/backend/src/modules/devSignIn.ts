import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The header naming the catalog User to sign in as (development only). */
export const DEV_USER_HEADER = 'x-drktrc-dev-user';
export const DEV_USER_PROVIDER_ID = 'dev-user';

/**
 * Development only: sign in as any catalog User by name (the frontend sends
 * `x-drktrc-dev-user`), so a developer outside the platform team (`alex`)
 * can be tried locally and in end-to-end tests. Not registered unless
 * `auth.environment` is `development` (production sets `production`).
 */
export const authModuleDrktrcDevUsers = createBackendModule({
  pluginId: 'auth',
  moduleId: 'drktrc-dev-users',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        const environment =
          config.getOptionalString('auth.environment') ?? 'development';
        if (environment !== 'development') {
          logger.info('Development sign-in as catalog users is off', {
            environment,
          });
          return;
        }
        providers.registerProvider({
          providerId: DEV_USER_PROVIDER_ID,
          factory: createProxyAuthProviderFactory<{ name: string }>({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async result => ({
                profile: { displayName: result.name },
              }),
              initialize: () => undefined,
              async authenticate({ req }) {
                const name = req.header(DEV_USER_HEADER);
                if (!name || !/^[a-z0-9][a-z0-9._-]*$/i.test(name)) {
                  throw new InputError(
                    `${DEV_USER_HEADER}: name a catalog User, e.g. alex`,
                  );
                }
                return { result: { name } };
              },
            }),
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: { name: result.name } }),
          }),
        });
      },
    });
  },
});
