import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_DASHBOARD_APP,
  ANNOTATION_KUBERNETES_DASHBOARD_PARAMETERS,
} from '@backstage/plugin-kubernetes-common';
import { GkeClusterCoordinates } from '../gke';

/** `spec.type` of the Resources the catalog cluster locator reads. */
export const KUBERNETES_CLUSTER_RESOURCE_TYPE = 'kubernetes-cluster';
/** Labels with the cluster's environment and region. */
export const ENVIRONMENT_LABEL = 'drktrc.io/environment';
export const REGION_LABEL = 'drktrc.io/region';

/** What the catalog Resource of a cluster says. @public */
export interface ClusterEntityInput {
  name: string;
  title?: string;
  description?: string;
  url: string;
  caPem: string;
  authProvider: string;
  owner: string;
  system?: string;
  environment: string;
  region: string;
  gke?: GkeClusterCoordinates;
}

/** The GCP console page of a GKE cluster. */
export function gkeConsoleUrl(gke: GkeClusterCoordinates): string {
  return `https://console.cloud.google.com/kubernetes/clusters/details/${encodeURIComponent(
    gke.location,
  )}/${encodeURIComponent(gke.cluster)}/details?project=${encodeURIComponent(
    gke.project,
  )}`;
}

/**
 * The catalog Resource (`spec.type: kubernetes-cluster`) the Kubernetes
 * backend's catalog cluster locator reads. Holds the API server and its CA,
 * never a credential.
 */
export function clusterEntity(input: ClusterEntityInput): Entity {
  const annotations: Record<string, string> = {
    [ANNOTATION_KUBERNETES_API_SERVER]: input.url,
    [ANNOTATION_KUBERNETES_API_SERVER_CA]: Buffer.from(input.caPem).toString(
      'base64',
    ),
    [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: input.authProvider,
  };
  const links: { url: string; title: string; icon?: string }[] = [];
  if (input.gke) {
    annotations[ANNOTATION_KUBERNETES_DASHBOARD_APP] = 'gke';
    annotations[ANNOTATION_KUBERNETES_DASHBOARD_PARAMETERS] = JSON.stringify({
      projectId: input.gke.project,
      region: input.gke.location,
      clusterName: input.gke.cluster,
    });
    links.push(
      {
        url: gkeConsoleUrl(input.gke),
        title: 'GKE cluster in the GCP console',
        icon: 'cloud',
      },
      {
        url: `https://console.cloud.google.com/kubernetes/workload/overview?project=${encodeURIComponent(
          input.gke.project,
        )}`,
        title: 'Workloads in the GCP console',
        icon: 'cloud',
      },
    );
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: input.name,
      ...(input.title ? { title: input.title } : {}),
      ...(input.description ? { description: input.description } : {}),
      labels: {
        [ENVIRONMENT_LABEL]: input.environment,
        [REGION_LABEL]: input.region,
      },
      annotations,
      ...(links.length ? { links } : {}),
    },
    spec: {
      type: KUBERNETES_CLUSTER_RESOURCE_TYPE,
      owner: stringifyEntityRef(
        parseEntityRef(input.owner, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      ),
      ...(input.system
        ? {
            system: stringifyEntityRef(
              parseEntityRef(input.system, {
                defaultKind: 'system',
                defaultNamespace: 'default',
              }),
            ),
          }
        : {}),
    },
  };
}
