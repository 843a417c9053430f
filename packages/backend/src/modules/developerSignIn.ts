import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The sign-in provider id of the development-only developer user. */
export const DEVELOPER_PROVIDER_ID = 'developer';

const developerAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize: () => ({ disabled: process.env.NODE_ENV !== 'development' }),
  async authenticate(_, { disabled }) {
    if (disabled) {
      throw new NotAllowedError(
        'The developer sign-in exists only in development (NODE_ENV=development)',
      );
    }
    return { result: {} };
  },
});

/**
 * Development only, like the guest provider: signs in as the catalog user in
 * `auth.providers.developer.userEntityRef` (a member of the developers
 * group, not the platform team), so the portal can be tried, and tested, as
 * someone without platform permissions. Refused unless NODE_ENV is
 * `development`.
 */
export const authModuleDeveloperSignIn = createBackendModule({
  pluginId: 'auth',
  moduleId: 'developer-sign-in',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const userEntityRef = config.getOptionalString(
          `auth.providers.${DEVELOPER_PROVIDER_ID}.userEntityRef`,
        );
        if (!userEntityRef) return;
        providers.registerProvider({
          providerId: DEVELOPER_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: developerAuthenticator,
            signInResolver: async (_, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: userEntityRef }),
          }),
        });
      },
    });
  },
});
