import {
  GrpcObject,
  Server,
  ServerCredentials,
  ServerUnaryCall,
  ServiceClientConstructor,
  loadPackageDefinition,
  sendUnaryData,
  status,
} from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';

/** A cluster the fake GKE API answers for. @public */
export interface FakeGkeCluster {
  project: string;
  location: string;
  name: string;
  /** Host or IP of the control plane, as GKE returns it (no scheme). */
  endpoint: string;
  /** PEM CA certificate of the control plane. */
  caPem: string;
}

function clusterPath(c: { project: string; location: string; name: string }) {
  return `projects/${c.project}/locations/${c.location}/clusters/${c.name}`;
}

/**
 * A real gRPC server on loopback speaking the GKE `ClusterManager` v1
 * `GetCluster` method, for clusters it was told about (NOT_FOUND otherwise).
 * The real `@google-cloud/container` client talks to it through an endpoint
 * override.
 * @public
 */
export class FakeGkeServer {
  /** Resource names asked for, in order. */
  readonly calls: string[] = [];
  private readonly clusters = new Map<string, FakeGkeCluster>();

  private constructor(
    private readonly server: Server,
    /** Plaintext gRPC `127.0.0.1:port`. */
    readonly endpoint: string,
  ) {}

  static async start(options: { port?: number } = {}): Promise<FakeGkeServer> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const json = require('@google-cloud/container/build/protos/protos.json');
    const grpc = loadPackageDefinition(
      fromJSON(json, { keepCase: false, longs: String, defaults: true }),
    ) as GrpcObject;
    const v1 = (
      ((grpc.google as GrpcObject).container as GrpcObject).v1 as GrpcObject
    ).ClusterManager as ServiceClientConstructor;

    const server = new Server();
    const ref: { current?: FakeGkeServer } = {};
    const getCluster = (
      call: ServerUnaryCall<{ name: string }, object>,
      cb: sendUnaryData<object>,
    ) => ref.current!.getCluster(call.request.name, cb);
    server.addService(v1.service, { getCluster });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(
        `127.0.0.1:${options.port ?? 0}`,
        ServerCredentials.createInsecure(),
        (err, p) => (err ? reject(err) : resolve(p)),
      ),
    );
    ref.current = new FakeGkeServer(server, `127.0.0.1:${port}`);
    return ref.current;
  }

  /** Answers `GetCluster` for this cluster from now on (replacing it if known). */
  addCluster(cluster: FakeGkeCluster): void {
    this.clusters.set(clusterPath(cluster), cluster);
  }

  /** Forgets a cluster: `GetCluster` answers NOT_FOUND again. */
  removeCluster(c: { project: string; location: string; name: string }): void {
    this.clusters.delete(clusterPath(c));
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve =>
      this.server.tryShutdown(() => resolve()),
    );
  }

  private getCluster(name: string, cb: sendUnaryData<object>): void {
    this.calls.push(name);
    const cluster = this.clusters.get(name);
    if (!cluster) {
      cb({ code: status.NOT_FOUND, details: `Not found: ${name}.` });
      return;
    }
    cb(null, {
      name: cluster.name,
      location: cluster.location,
      zone: cluster.location,
      endpoint: cluster.endpoint,
      status: 'RUNNING',
      selfLink: `https://container.googleapis.com/v1/${name}`,
      masterAuth: {
        clusterCaCertificate: Buffer.from(cluster.caPem).toString('base64'),
      },
    });
  }
}
