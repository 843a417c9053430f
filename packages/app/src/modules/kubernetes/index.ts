import {
  ApiBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import {
  gitlabAuthApiRef,
  googleAuthApiRef,
  microsoftAuthApiRef,
  oktaAuthApiRef,
  oneloginAuthApiRef,
} from '@backstage/core-plugin-api';
import {
  KubernetesAuthProviders,
  kubernetesAuthProvidersApiRef,
} from '@backstage/plugin-kubernetes-react';
import { DrktrcKubernetesAuthProviders } from './DrktrcKubernetesAuthProviders';

/** Replaces the Kubernetes plugin's auth providers API (same name). */
const kubernetesAuthProvidersApi = ApiBlueprint.make({
  name: 'auth-providers',
  params: defineParams =>
    defineParams({
      api: kubernetesAuthProvidersApiRef,
      deps: {
        gitlabAuthApi: gitlabAuthApiRef,
        googleAuthApi: googleAuthApiRef,
        microsoftAuthApi: microsoftAuthApiRef,
        oktaAuthApi: oktaAuthApiRef,
        oneloginAuthApi: oneloginAuthApiRef,
      },
      factory: deps =>
        new DrktrcKubernetesAuthProviders(
          new KubernetesAuthProviders({
            googleAuthApi: deps.googleAuthApi,
            microsoftAuthApi: deps.microsoftAuthApi,
            oidcProviders: {
              gitlab: deps.gitlabAuthApi,
              google: deps.googleAuthApi,
              microsoft: deps.microsoftAuthApi,
              okta: deps.oktaAuthApi,
              onelogin: deps.oneloginAuthApi,
            },
          }),
        ),
    }),
});

/**
 * The Kubernetes plugin with our auth provider for development clusters
 * registered in the catalog (`kubernetes.io/auth-provider: drktrcDevCluster`).
 */
export const kubernetesModule = createFrontendModule({
  pluginId: 'kubernetes',
  extensions: [kubernetesAuthProvidersApi],
});
