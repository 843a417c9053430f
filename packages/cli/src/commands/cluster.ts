import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { CatalogApi, CatalogClient } from '@backstage/catalog-client';
import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  PermissionClient,
} from '@backstage/plugin-permission-common';
import {
  GIT_SERVER_PLUGIN_ID,
  gitopsClusterRegisterPermission,
} from '@drktrc/plugin-gitops-common';
import type { ClusterCatalog } from '@drktrc/plugin-gitops-node';
import { lazyImport } from '../lazyImport';

interface RegisterOptions {
  name: string;
  title?: string;
  project?: string;
  location?: string;
  cluster?: string;
  endpoint?: string;
  caFile?: string;
  authProvider?: string;
  owner: string;
  system?: string;
  environment: string;
  region: string;
  fleetRepo?: string;
  fleetBranch?: string;
  catalogBaseUrl?: string;
  backstageUrl: string;
  gkeEndpoint?: string;
  checkConnectivity?: boolean;
  dryRun?: boolean;
}

/** Where the command reads and writes; swappable in tests. */
export interface ClusterCommandIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: (text: string) => void;
}

/** The catalog as the registrar needs it, through the catalog's REST API. */
export function catalogClientClusterCatalog(
  catalog: CatalogApi,
  token: string,
): ClusterCatalog {
  return {
    async ensureLocation(target) {
      if (await catalog.getLocationByRef(`url:${target}`, { token }))
        return false;
      try {
        await catalog.addLocation({ type: 'url', target }, { token });
        return true;
      } catch (err) {
        if ((err as Error).name === ConflictError.name) return false;
        throw err;
      }
    },
    getEntity: ref => catalog.getEntityByRef(ref, { token }),
    refresh: ref => catalog.refreshEntity(ref, { token }),
  };
}

async function register(opts: RegisterOptions, io: ClusterCommandIo) {
  // The registrar (and the GKE client) load when the command runs, so that
  // other commands start fast.
  const { ClusterRegistrar, GitFleetRepository, GkeClusterResolver } =
    await lazyImport(() => import('@drktrc/plugin-gitops-node'));
  const token = io.env.BACKSTAGE_TOKEN;
  if (!token) {
    throw new InputError(
      'BACKSTAGE_TOKEN: set it to a Backstage token of a platform-team member',
    );
  }
  if (Boolean(opts.fleetRepo) !== Boolean(opts.catalogBaseUrl)) {
    throw new InputError(
      "--fleet-repo and --catalog-base-url go together: give both for a fleet repository elsewhere, or neither for the fleet repository on the portal's git server",
    );
  }
  if (opts.fleetBranch && !opts.fleetRepo) {
    throw new InputError(
      "--fleet-branch: only with --fleet-repo (the portal's fleet repository uses main)",
    );
  }
  let caCertificate: string | undefined;
  if (opts.caFile) {
    const file = path.resolve(io.cwd, opts.caFile);
    if (!fs.existsSync(file)) {
      throw new InputError(`--ca-file: ${opts.caFile} does not exist`);
    }
    caCertificate = fs.readFileSync(file, 'utf8');
  }
  const backstageUrl = opts.backstageUrl.replace(/\/+$/, '');
  const discovery = {
    getBaseUrl: async (pluginId: string) => `${backstageUrl}/api/${pluginId}`,
  };
  const permissions = new PermissionClient({
    discovery,
    config: new ConfigReader({ permission: { enabled: true } }),
  });
  const [decision] = await permissions.authorize(
    [{ permission: gitopsClusterRegisterPermission }],
    { token },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      'Only the platform team may register clusters (permission gitops.cluster.register)',
    );
  }
  const gke = new GkeClusterResolver({
    endpoint: opts.gkeEndpoint ?? io.env.DRKTRC_GKE_ENDPOINT,
  });
  try {
    // Default: the fleet repository on the portal's own git server, as the
    // gitops:cluster:register action uses it (created on first use).
    const { fleet, catalogBaseUrl } =
      opts.fleetRepo && opts.catalogBaseUrl
        ? {
            fleet: new GitFleetRepository({
              url: opts.fleetRepo,
              branch: opts.fleetBranch,
              getAuthorization: async () => `Bearer ${token}`,
            }),
            catalogBaseUrl: opts.catalogBaseUrl,
          }
        : (
            await lazyImport(
              () => import('@drktrc/plugin-scaffolder-backend-module-gitops'),
            )
          ).gitServerFleetRepository({
            baseUrl: await discovery.getBaseUrl(GIT_SERVER_PLUGIN_ID),
            getToken: async () => token,
          });
    const base = catalogBaseUrl.replace(/\/+$/, '');
    const registrar = new ClusterRegistrar({
      fleet,
      gke,
      catalog: catalogClientClusterCatalog(
        new CatalogClient({ discoveryApi: discovery }),
        token,
      ),
      catalogUrlFor: p => `${base}/${p}`,
      authProviders: ['google', 'drktrcDevCluster'],
      logger: {
        info: () => {},
        warn: message => io.stdout(`warning: ${message}\n`),
      },
    });
    const gkeCoordinates =
      opts.project || opts.location || opts.cluster
        ? {
            project: opts.project ?? '',
            location: opts.location ?? '',
            cluster: opts.cluster ?? '',
          }
        : undefined;
    const result = await registrar.register(
      {
        name: opts.name,
        title: opts.title,
        gke: gkeCoordinates,
        endpoint: opts.endpoint,
        caCertificate,
        authProvider: opts.authProvider,
        owner: opts.owner,
        system: opts.system,
        environment: opts.environment,
        region: opts.region,
        checkConnectivity: opts.checkConnectivity,
      },
      { dryRun: opts.dryRun },
    );
    io.stdout(
      `${opts.dryRun ? 'dry run: ' : ''}${result.entityRef} ${
        result.status === 'unchanged'
          ? 'already registered; nothing changed'
          : result.status
      } (${result.url})${result.commit ? ` commit ${result.commit}` : ''}\n`,
    );
  } finally {
    await gke.close();
  }
}

export function registerClusterCommand(
  program: Command,
  io: ClusterCommandIo = {
    env: process.env,
    cwd: process.env.INIT_CWD ?? process.cwd(),
    stdout: text => process.stdout.write(text),
  },
) {
  const cluster = program
    .command('cluster')
    .description('Kubernetes clusters of the portal');
  cluster
    .command('register')
    .description(
      'Register a cluster in the catalog and the Flux fleet repository (the same code as the gitops:cluster:register action). Needs BACKSTAGE_TOKEN of a platform-team member.',
    )
    .requiredOption('--name <name>', 'cluster name (a DNS label)')
    .option('--title <title>', 'display title')
    .option('--project <project>', 'GKE: Google Cloud project')
    .option('--location <location>', 'GKE: region or zone')
    .option('--cluster <cluster>', 'GKE: cluster name')
    .option(
      '--endpoint <url>',
      'instead of GKE: API server https://HOST[:PORT]',
    )
    .option('--ca-file <file>', 'with --endpoint: PEM CA certificate file')
    .option(
      '--auth-provider <provider>',
      'google (default) or drktrcDevCluster',
    )
    .requiredOption('--owner <ref>', 'owner entity ref')
    .option('--system <ref>', 'system entity ref')
    .requiredOption('--environment <env>', 'e.g. production')
    .requiredOption('--region <region>', 'e.g. europe-west2')
    .option(
      '--fleet-repo <url>',
      "fleet repository remote URL (with --catalog-base-url); default: the repository fleet on the portal's git server",
    )
    .option(
      '--fleet-branch <branch>',
      'with --fleet-repo: branch (default main)',
    )
    .option(
      '--catalog-base-url <url>',
      'with --fleet-repo: base URL the catalog reads fleet files from',
    )
    .option(
      '--backstage-url <url>',
      'the portal backend',
      'http://localhost:7007',
    )
    .option(
      '--gke-endpoint <host:port>',
      'a GKE-compatible API in plaintext (the fake one); default DRKTRC_GKE_ENDPOINT or the real API',
    )
    .option(
      '--check-connectivity',
      'call /version first (unreachable = warning)',
    )
    .option('--dry-run', 'validate and resolve only; write nothing')
    .action((opts: RegisterOptions) => register(opts, io));
}
