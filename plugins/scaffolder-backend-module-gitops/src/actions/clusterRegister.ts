import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CLUSTER_REGISTER_ACTION_ID,
  gitopsClusterRegisterPermission,
} from '@drktrc/plugin-gitops-common';
import {
  ClusterCatalog,
  ClusterRegistrar,
  ClusterRegistrationRequest,
  FleetRepository,
  GkeLookup,
} from '@drktrc/plugin-gitops-node';
import { examples } from './clusterRegister.examples';

/** Options of {@link createClusterRegisterAction}. @public */
export interface ClusterRegisterActionOptions {
  fleet: FleetRepository;
  gke: GkeLookup;
  catalog: CatalogService;
  permissions: PermissionsService;
  /** Base URL the catalog reads fleet files from. */
  catalogBaseUrl: string;
  /** Accepted `authProvider` values; default `['google']`. */
  authProviders?: string[];
  /** How long to wait for the catalog to show the entity. */
  catalogWait?: { attempts: number; intervalMs: number };
}

/** The catalog as the registrar needs it, acting as `credentials`. */
export function catalogServiceClusterCatalog(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): ClusterCatalog {
  return {
    async ensureLocation(target) {
      const existing = await catalog.getLocationByRef(`url:${target}`, {
        credentials,
      });
      if (existing) return false;
      try {
        await catalog.addLocation({ type: 'url', target }, { credentials });
        return true;
      } catch (err) {
        if ((err as Error).name === ConflictError.name) return false;
        throw err;
      }
    },
    getEntity: ref => catalog.getEntityByRef(ref, { credentials }),
    refresh: ref => catalog.refreshEntity(ref, { credentials }),
  };
}

/**
 * `gitops:cluster:register`: writes a cluster's catalog Resource (endpoint
 * and CA, never a credential) and its Flux fleet entry into the fleet
 * repository and registers it in the catalog, so the Kubernetes backend's
 * catalog cluster locator serves it without a config change or restart.
 * Only callers allowed `gitops.cluster.register` may run it.
 * @public
 */
export function createClusterRegisterAction(
  options: ClusterRegisterActionOptions,
) {
  const base = options.catalogBaseUrl.replace(/\/+$/, '');
  return createTemplateAction({
    id: CLUSTER_REGISTER_ACTION_ID,
    description:
      'Registers a Kubernetes cluster (GKE coordinates, or an endpoint and CA) in the catalog and the Flux fleet repository. Platform team only.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe(
              'Cluster name in the catalog and the Kubernetes plugin (a DNS label)',
            ),
        title: z => z.string().optional().describe('Display title'),
        description: z => z.string().optional().describe('Description'),
        project: z =>
          z.string().optional().describe('GKE: Google Cloud project id'),
        location: z =>
          z
            .string()
            .optional()
            .describe('GKE: region or zone, e.g. europe-west2'),
        cluster: z =>
          z.string().optional().describe('GKE: the cluster name in GKE'),
        endpoint: z =>
          z
            .string()
            .optional()
            .describe(
              'Instead of GKE coordinates: the API server URL, https://HOST[:PORT]',
            ),
        caCertificate: z =>
          z
            .string()
            .optional()
            .describe('With endpoint: the cluster CA certificate (PEM)'),
        authProvider: z =>
          z
            .string()
            .optional()
            .describe(
              'kubernetes.io/auth-provider of the cluster; default google',
            ),
        owner: z => z.string().describe('Owner entity ref, e.g. a group'),
        system: z => z.string().optional().describe('System entity ref'),
        environment: z =>
          z.string().describe('Environment, e.g. production (a DNS label)'),
        region: z =>
          z.string().describe('Region, e.g. europe-west2 (a DNS label)'),
        googleServiceAccount: z =>
          z
            .string()
            .optional()
            .describe(
              "Google service account of Flux's kustomize-controller; default flux-kustomize@<project>.iam.gserviceaccount.com for GKE",
            ),
        checkConnectivity: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Call /version first; an unreachable cluster is a warning',
            ),
      },
      output: {
        entityRef: z => z.string().describe('The cluster Resource'),
        status: z =>
          z
            .enum(['created', 'updated', 'unchanged'])
            .describe('What registration changed'),
        url: z => z.string().describe('The API server URL'),
        commit: z =>
          z.string().optional().describe('Fleet repository commit, if any'),
        warnings: z => z.array(z.string()).describe('Warnings'),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      const [decision] = await options.permissions.authorize(
        [{ permission: gitopsClusterRegisterPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          'Only the platform team may register clusters (permission gitops.cluster.register)',
        );
      }
      const { input } = ctx;
      const gke =
        input.project || input.location || input.cluster
          ? {
              project: input.project ?? '',
              location: input.location ?? '',
              cluster: input.cluster ?? '',
            }
          : undefined;
      const registrar = new ClusterRegistrar({
        fleet: options.fleet,
        gke: options.gke,
        catalog: catalogServiceClusterCatalog(options.catalog, credentials),
        catalogUrlFor: p => `${base}/${p}`,
        authProviders: options.authProviders,
        logger: ctx.logger,
        catalogWait: options.catalogWait,
      });
      const request: ClusterRegistrationRequest = {
        name: input.name,
        title: input.title,
        description: input.description,
        gke,
        endpoint: input.endpoint,
        caCertificate: input.caCertificate,
        authProvider: input.authProvider,
        owner: input.owner,
        system: input.system,
        environment: input.environment,
        region: input.region,
        googleServiceAccount: input.googleServiceAccount,
        checkConnectivity: input.checkConnectivity,
      };
      // Registration is idempotent; the checkpoint keeps a retried task from
      // repeating it and holds only the (secret-free) result.
      const result = ctx.isDryRun
        ? await registrar.register(request, { dryRun: true })
        : await ctx.checkpoint({
            key: `gitops.cluster.register:${input.name}`,
            fn: async () => {
              const r = await registrar.register(request);
              return { ...r, commit: r.commit ?? null };
            },
          });
      ctx.logger.info(
        result.status === 'unchanged'
          ? 'Cluster already registered; nothing changed'
          : `Cluster ${result.status}`,
        { entityRef: result.entityRef, url: result.url, commit: result.commit },
      );
      ctx.output('entityRef', result.entityRef);
      ctx.output('status', result.status);
      ctx.output('url', result.url);
      if (result.commit) ctx.output('commit', result.commit);
      ctx.output('warnings', result.warnings);
    },
  });
}
