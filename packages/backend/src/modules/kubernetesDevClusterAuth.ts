import fs from 'node:fs/promises';
import path from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  AksStrategy,
  AnonymousStrategy,
  AwsIamStrategy,
  AzureIdentityStrategy,
  GoogleServiceAccountStrategy,
  GoogleStrategy,
  OidcStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import {
  AuthenticationStrategy,
  AuthMetadata,
  KubernetesCredential,
  kubernetesAuthStrategyExtensionPoint,
} from '@backstage/plugin-kubernetes-node';

/**
 * `kubernetes.io/auth-provider` of clusters served by `yarn drktrc
 * dev-cluster` (no dashes: the Kubernetes backend refuses them in strategy
 * names).
 */
export const DEV_CLUSTER_AUTH_PROVIDER = 'drktrcDevCluster';

export interface DevClusterAuthStrategyOptions {
  /** A fixed token from backend configuration. */
  token?: string;
  /** The development cluster's state folder; its `token` file is read per request. */
  stateDir?: string;
}

/**
 * Bearer token for development clusters, taken from backend configuration
 * or the development cluster's state folder, never from the catalog (the
 * catalog cluster locator refuses `serviceAccount` auth for that reason).
 */
export class DevClusterAuthStrategy implements AuthenticationStrategy {
  constructor(private readonly options: DevClusterAuthStrategyOptions) {}

  async getCredential(): Promise<KubernetesCredential> {
    if (this.options.token) {
      return { type: 'bearer token', token: this.options.token };
    }
    const file = path.join(this.options.stateDir!, 'token');
    const token = (await fs.readFile(file, 'utf8')).trim();
    return { type: 'bearer token', token };
  }

  validateCluster(): Error[] {
    return [];
  }

  presentAuthMetadata(_authMetadata: AuthMetadata): AuthMetadata {
    return {};
  }
}

/**
 * Adds the development-cluster auth strategy to the Kubernetes backend when
 * `drktrc.devCluster` is configured (development and test configuration
 * only; production configuration has no such block).
 */
export const kubernetesModuleDevClusterAuth = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'drktrc-dev-cluster-auth',
  register(reg) {
    reg.registerInit({
      deps: {
        authStrategy: kubernetesAuthStrategyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ authStrategy, config, logger }) {
        const dev = config.getOptionalConfig('drktrc.devCluster');
        if (!dev) return;
        const token = dev.getOptionalString('token');
        const stateDir = dev.getOptionalString('stateDir');
        if (!token && !stateDir) {
          throw new Error(
            'drktrc.devCluster needs token or stateDir (the dev cluster state folder, e.g. .drktrc/dev-cluster)',
          );
        }
        // Adding a strategy replaces the Kubernetes backend's default map,
        // so the built-in ones (the same set it builds by default) come too.
        const builtIn: Record<string, AuthenticationStrategy> = {
          aks: new AksStrategy(),
          aws: new AwsIamStrategy({ config }),
          azure: new AzureIdentityStrategy(logger),
          google: new GoogleStrategy(),
          googleServiceAccount: new GoogleServiceAccountStrategy({ config }),
          localKubectlProxy: new AnonymousStrategy(),
          oidc: new OidcStrategy(),
          serviceAccount: new ServiceAccountStrategy(),
        };
        for (const [key, strategy] of Object.entries(builtIn)) {
          authStrategy.addAuthStrategy(key, strategy);
        }
        authStrategy.addAuthStrategy(
          DEV_CLUSTER_AUTH_PROVIDER,
          new DevClusterAuthStrategy({
            token,
            // relative to the backend process, like the catalog's file locations
            stateDir: stateDir && path.resolve(stateDir),
          }),
        );
        logger.info('Development cluster auth strategy enabled', {
          authProvider: DEV_CLUSTER_AUTH_PROVIDER,
          source: token ? 'config' : 'stateDir',
        });
      },
    });
  },
});
