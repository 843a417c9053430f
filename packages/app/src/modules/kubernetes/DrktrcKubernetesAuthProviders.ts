import {
  KubernetesAuthProviders,
  KubernetesAuthProvidersApi,
  ServerSideKubernetesAuthProvider,
} from '@backstage/plugin-kubernetes-react';
import { KubernetesRequestBody } from '@backstage/plugin-kubernetes-common';

/**
 * `kubernetes.io/auth-provider` of development clusters; the backend's
 * development strategy adds their token (packages/backend, module
 * kubernetesDevClusterAuth), so the browser adds nothing.
 */
export const DEV_CLUSTER_AUTH_PROVIDER = 'drktrcDevCluster';

/** The upstream providers plus the server-side development cluster one. */
export class DrktrcKubernetesAuthProviders
  implements KubernetesAuthProvidersApi
{
  private readonly devCluster = new ServerSideKubernetesAuthProvider();

  constructor(private readonly upstream: KubernetesAuthProviders) {}

  decorateRequestBodyForAuth(
    authProvider: string,
    requestBody: KubernetesRequestBody,
  ): Promise<KubernetesRequestBody> {
    return authProvider === DEV_CLUSTER_AUTH_PROVIDER
      ? this.devCluster.decorateRequestBodyForAuth(requestBody)
      : this.upstream.decorateRequestBodyForAuth(authProvider, requestBody);
  }

  getCredentials(authProvider: string): Promise<{ token?: string }> {
    return authProvider === DEV_CLUSTER_AUTH_PROVIDER
      ? this.devCluster.getCredentials()
      : this.upstream.getCredentials(authProvider);
  }
}
