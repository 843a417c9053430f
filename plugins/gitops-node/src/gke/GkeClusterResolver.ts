import { credentials as grpcCredentials } from '@grpc/grpc-js';
import { InputError, NotFoundError } from '@backstage/errors';
import type { ClusterManagerClient } from '@google-cloud/container';

/** Where a GKE cluster is. @public */
export interface GkeClusterCoordinates {
  project: string;
  /** Region or zone, e.g. `europe-west2`. */
  location: string;
  cluster: string;
}

/** What cluster registration needs from GKE. @public */
export interface GkeClusterInfo {
  /** `https://<endpoint>` */
  url: string;
  caPem: string;
}

/** Options of {@link GkeClusterResolver}. @public */
export interface GkeClusterResolverOptions {
  /**
   * `host:port` of a GKE-compatible endpoint (the fake server in tests and
   * development), spoken to in plaintext gRPC. Without it: the production
   * endpoint with Application Default Credentials.
   */
  endpoint?: string;
}

const GRPC_NOT_FOUND = 5;
const GRPC_PERMISSION_DENIED = 7;

/**
 * Looks a GKE cluster up with the real `@google-cloud/container` client and
 * returns its control-plane URL and CA.
 * @public
 */
export class GkeClusterResolver {
  private client?: ClusterManagerClient;

  constructor(private readonly options: GkeClusterResolverOptions = {}) {}

  async resolve(c: GkeClusterCoordinates): Promise<GkeClusterInfo> {
    const name = `projects/${c.project}/locations/${c.location}/clusters/${c.cluster}`;
    let cluster;
    try {
      [cluster] = await this.getClient().getCluster({ name });
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === GRPC_NOT_FOUND) {
        throw new NotFoundError(
          `cluster: GKE cluster '${c.cluster}' not found in project '${c.project}', location '${c.location}'; check the project, location and cluster name`,
        );
      }
      if (code === GRPC_PERMISSION_DENIED) {
        throw new InputError(
          `project: the portal may not read GKE clusters in project '${c.project}' (permission denied); grant its service account roles/container.clusterViewer`,
        );
      }
      throw err;
    }
    const ca = cluster.masterAuth?.clusterCaCertificate;
    if (!cluster.endpoint || !ca) {
      throw new InputError(
        `cluster: GKE cluster '${c.cluster}' has no endpoint or CA yet (status ${cluster.status}); wait until it is running`,
      );
    }
    return {
      url: `https://${cluster.endpoint}`,
      caPem: Buffer.from(ca, 'base64').toString('utf8'),
    };
  }

  async close(): Promise<void> {
    await this.client?.close();
  }

  private getClient(): ClusterManagerClient {
    if (!this.client) {
      // Loaded on first use: the client library is slow to load.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { ClusterManagerClient: Client } =
        require('@google-cloud/container') as typeof import('@google-cloud/container');
      const { endpoint } = this.options;
      if (endpoint) {
        const m = /^(.*):(\d+)$/.exec(endpoint);
        this.client = new Client({
          apiEndpoint: m ? m[1] : endpoint,
          port: m ? Number(m[2]) : 443,
          sslCreds: grpcCredentials.createInsecure(),
          // fixed, so the client does not ask Application Default Credentials
          // which universe it is in
          universeDomain: 'googleapis.com',
        });
      } else {
        this.client = new Client();
      }
    }
    return this.client;
  }
}
