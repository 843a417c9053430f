import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { stringify } from 'yaml';
import { FleetRepository } from '../fleet';
import { GkeClusterCoordinates, GkeClusterInfo } from '../gke';
import { checkConnectivity } from './connectivity';
import { clusterEntity } from './entity';
import { fleetEntryFiles, fluxSystemKustomizationPath } from './fleetEntry';
import {
  assertDnsLabel,
  parseApiServerUrl,
  parseCaCertificate,
} from './validate';

/** The catalog operations registration needs (the action and the CLI adapt theirs). @public */
export interface ClusterCatalog {
  /** Registers a `url` location unless it is registered; true when it was new. */
  ensureLocation(target: string): Promise<boolean>;
  getEntity(entityRef: string): Promise<Entity | undefined>;
  /** Asks the catalog to read the entity (and its location) again. */
  refresh(entityRef: string): Promise<void>;
}

/** Looks GKE clusters up. @public */
export interface GkeLookup {
  resolve(coordinates: GkeClusterCoordinates): Promise<GkeClusterInfo>;
}

/** What to register. @public */
export interface ClusterRegistrationRequest {
  /** Catalog name and Kubernetes plugin cluster name (a DNS label). */
  name: string;
  title?: string;
  description?: string;
  /** Resolve endpoint and CA through the GKE API. */
  gke?: GkeClusterCoordinates;
  /** Explicit API server URL (instead of `gke`). */
  endpoint?: string;
  /** Explicit PEM CA certificate (with `endpoint`). */
  caCertificate?: string;
  /** `kubernetes.io/auth-provider`; default `google`. */
  authProvider?: string;
  owner: string;
  system?: string;
  environment: string;
  region: string;
  /** Google service account of Flux's kustomize-controller (the flux-system patch). */
  googleServiceAccount?: string;
  /** Call `/version` first and warn when unreachable. */
  checkConnectivity?: boolean;
}

/** Result of {@link ClusterRegistrar.register}. @public */
export interface ClusterRegistrationResult {
  entityRef: string;
  /** `created`, `updated` (endpoint, CA or metadata changed) or `unchanged`. */
  status: 'created' | 'updated' | 'unchanged';
  url: string;
  /** Fleet files written (empty when unchanged). */
  changedFiles: string[];
  commit?: string;
  catalogLocation: string;
  warnings: string[];
}

/** Options of {@link ClusterRegistrar}. @public */
export interface ClusterRegistrarOptions {
  fleet: FleetRepository;
  catalog: ClusterCatalog;
  gke: GkeLookup;
  /** The URL the catalog reads a fleet file from (`gitops.fleet.catalogBaseUrl` + path). */
  catalogUrlFor(path: string): string;
  /** Accepted `authProvider` values; default `['google']`. */
  authProviders?: string[];
  logger: Pick<LoggerService, 'info' | 'warn'>;
  /** How long to wait for the catalog to show the entity; default 60 × 1 s. */
  catalogWait?: { attempts: number; intervalMs: number };
  /** The clock certificates are checked against; default now. */
  now?: () => Date;
}

/** Where the catalog file of a cluster lives in the fleet repository. */
export function clusterCatalogPath(name: string): string {
  return `catalog/clusters/${name}.yaml`;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Registers a Kubernetes cluster: validates the input, resolves GKE
 * coordinates, writes the catalog Resource and the Flux fleet entry into the
 * fleet repository, registers the file in the catalog and waits until the
 * catalog (and so the Kubernetes backend's catalog cluster locator) shows it.
 * Every check happens before anything is written.
 * @public
 */
export class ClusterRegistrar {
  constructor(private readonly options: ClusterRegistrarOptions) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Validates and resolves everything; writes nothing. */
  async plan(request: ClusterRegistrationRequest) {
    const { name } = request;
    assertDnsLabel('name', name);
    assertDnsLabel('environment', request.environment);
    assertDnsLabel('region', request.region);
    for (const field of ['owner', 'system'] as const) {
      const value = request[field];
      if (value === undefined) continue;
      try {
        parseEntityRef(value, {
          defaultKind: field === 'owner' ? 'group' : 'system',
          defaultNamespace: 'default',
        });
      } catch {
        throw new InputError(
          `${field}: '${value}' is not an entity reference; use e.g. group:default/platform-team`,
        );
      }
    }
    const authProviders = this.options.authProviders ?? ['google'];
    const authProvider = request.authProvider ?? 'google';
    if (!authProviders.includes(authProvider)) {
      throw new InputError(
        `authProvider: '${authProvider}' is not allowed here; use one of ${authProviders.join(
          ', ',
        )}`,
      );
    }
    if (request.gke && (request.endpoint || request.caCertificate)) {
      throw new InputError(
        'endpoint: give either GKE coordinates (project, location, cluster) or an explicit endpoint and caCertificate, not both',
      );
    }
    let url: string;
    let caPem: string;
    if (request.gke) {
      for (const field of ['project', 'location', 'cluster'] as const) {
        if (!request.gke[field])
          throw new InputError(`${field}: required for a GKE cluster`);
      }
      const info = await this.options.gke.resolve(request.gke);
      url = parseApiServerUrl('cluster', info.url);
      caPem = parseCaCertificate('cluster', info.caPem, this.now());
    } else {
      if (!request.endpoint) {
        throw new InputError(
          'endpoint: required (or give GKE coordinates project, location and cluster)',
        );
      }
      if (!request.caCertificate) {
        throw new InputError(
          'caCertificate: required with an explicit endpoint; give the cluster CA as PEM',
        );
      }
      url = parseApiServerUrl('endpoint', request.endpoint);
      caPem = parseCaCertificate(
        'caCertificate',
        request.caCertificate,
        this.now(),
      );
    }
    const entity = clusterEntity({
      name,
      title: request.title,
      description: request.description,
      url,
      caPem,
      authProvider,
      owner: request.owner,
      system: request.system,
      environment: request.environment,
      region: request.region,
      gke: request.gke,
    });
    const entityRef = stringifyEntityRef(entity);
    const path = clusterCatalogPath(name);
    const catalogLocation = this.options.catalogUrlFor(path);

    const existing = await this.options.catalog.getEntity(entityRef);
    const origin =
      existing?.metadata.annotations?.[
        'backstage.io/managed-by-origin-location'
      ];
    if (existing && origin !== `url:${catalogLocation}`) {
      throw new ConflictError(
        `name: the catalog already has ${entityRef} from ${
          origin ?? 'elsewhere'
        }; choose another name`,
      );
    }
    const googleServiceAccount =
      request.googleServiceAccount ??
      (request.gke
        ? `flux-kustomize@${request.gke.project}.iam.gserviceaccount.com`
        : undefined);
    return {
      entity,
      entityRef,
      url,
      caPem,
      path,
      catalogLocation,
      googleServiceAccount,
    };
  }

  async register(
    request: ClusterRegistrationRequest,
    options: { dryRun?: boolean } = {},
  ): Promise<ClusterRegistrationResult> {
    const { logger, fleet, catalog } = this.options;
    const plan = await this.plan(request);
    const warnings: string[] = [];
    if (request.checkConnectivity) {
      const result = await checkConnectivity(plan.url, plan.caPem);
      if (result.reachable) {
        logger.info('Cluster API server answered', {
          url: plan.url,
          statusCode: result.statusCode,
          gitVersion: result.gitVersion,
        });
      } else {
        const warning = `Cluster ${request.name} is not reachable at ${plan.url}/version (${result.reason}); registered anyway`;
        warnings.push(warning);
        logger.warn(warning);
      }
    }
    const content = `${stringify(plan.entity)}`;
    if (options.dryRun) {
      logger.info('Dry run: would register cluster', {
        entityRef: plan.entityRef,
        path: plan.path,
      });
      return {
        entityRef: plan.entityRef,
        status: 'unchanged',
        url: plan.url,
        changedFiles: [],
        catalogLocation: plan.catalogLocation,
        warnings,
      };
    }

    let previous: string | undefined;
    const update = await fleet.update(read => {
      previous = read(plan.path);
      const write: Record<string, string> = { [plan.path]: content };
      if (read(fluxSystemKustomizationPath(request.name)) === undefined) {
        Object.assign(
          write,
          fleetEntryFiles({
            name: request.name,
            repoUrl: fleet.url,
            branch: fleet.branch,
            googleServiceAccount: plan.googleServiceAccount,
          }),
        );
      }
      return { write };
    }, `Register cluster ${request.name}`);
    let status: ClusterRegistrationResult['status'] = 'unchanged';
    if (previous === undefined) status = 'created';
    else if (update.changed.includes(plan.path)) status = 'updated';
    logger.info('Fleet repository', {
      status,
      changed: update.changed.join(','),
      commit: update.commit,
    });

    const added = await catalog.ensureLocation(plan.catalogLocation);
    if (!added && update.changed.length > 0)
      await catalog.refresh(plan.entityRef);
    await this.waitForCatalog(plan.entityRef, plan.entity, warnings);
    return {
      entityRef: plan.entityRef,
      status,
      url: plan.url,
      changedFiles: update.changed,
      commit: update.commit,
      catalogLocation: plan.catalogLocation,
      warnings,
    };
  }

  private async waitForCatalog(
    entityRef: string,
    wanted: Entity,
    warnings: string[],
  ) {
    const { attempts, intervalMs } = this.options.catalogWait ?? {
      attempts: 60,
      intervalMs: 1000,
    };
    const same = (e?: Entity) =>
      !!e &&
      Object.entries(wanted.metadata.annotations ?? {}).every(
        ([k, v]) => e.metadata.annotations?.[k] === v,
      );
    for (let i = 0; i < attempts; i++) {
      if (same(await this.options.catalog.getEntity(entityRef))) return;
      await sleep(intervalMs);
    }
    const warning = `The catalog does not show ${entityRef} with the new endpoint yet; it will after its next refresh`;
    warnings.push(warning);
    this.options.logger.warn(warning);
  }
}
