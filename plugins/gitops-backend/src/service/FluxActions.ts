/**
 * Flux reconcile and suspend/resume: authorized with the gitops permissions,
 * recorded through the auditor, written through the Kubernetes plugin's proxy
 * (which applies its own permission, cluster auth and audit as well).
 */
import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  FluxObjectTarget,
  gitopsFluxReconcilePermission,
  gitopsFluxSuspendPermission,
  gitopsResourceKinds,
  GitopsResourceKind,
  RECONCILE_REQUESTED_AT_ANNOTATION,
} from '@drktrc/plugin-gitops-common';
import type { Request } from 'express';
import { KubernetesBackendClient } from './KubernetesBackendClient';

export interface FluxActionsOptions {
  kubernetes: KubernetesBackendClient;
  permissions: PermissionsService;
  auditor: AuditorService;
  now?: () => Date;
}

const reconcilableKinds = gitopsResourceKinds.filter(k => k.reconcilable);

/** The kind a request names; an InputError naming the field otherwise. */
function reconcilableKind(kind: string): GitopsResourceKind {
  const found = reconcilableKinds.find(k => k.kind === kind);
  if (!found) {
    throw new InputError(
      `kind: '${kind}' is not a Flux kind; use one of ${reconcilableKinds
        .map(k => k.kind)
        .join(', ')}`,
    );
  }
  return found;
}

/** Flux records `requestedAt` verbatim; the CLI writes RFC3339 with nanoseconds, seconds are enough here. */
const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export class FluxActions {
  private readonly options: FluxActionsOptions;
  private readonly now: () => Date;

  constructor(options: FluxActionsOptions) {
    this.options = options;
    this.now = options.now ?? (() => new Date());
  }

  /** Sets `reconcile.fluxcd.io/requestedAt`; the view reports when `lastHandledReconcileAt` catches up. */
  async reconcile(
    target: FluxObjectTarget,
    context: { credentials: BackstageCredentials; request: Request },
  ): Promise<{ requestedAt: string }> {
    const requestedAt = rfc3339(this.now());
    await this.guardedPatch(
      'flux-reconcile',
      gitopsFluxReconcilePermission,
      target,
      {
        metadata: {
          annotations: { [RECONCILE_REQUESTED_AT_ANNOTATION]: requestedAt },
        },
      },
      { requestedAt },
      context,
    );
    return { requestedAt };
  }

  /** Sets `spec.suspend`; resuming also requests a reconcile, as `flux resume` does. */
  async setSuspended(
    target: FluxObjectTarget & { suspend: boolean },
    context: { credentials: BackstageCredentials; request: Request },
  ): Promise<{ suspended: boolean }> {
    const patch = target.suspend
      ? { spec: { suspend: true } }
      : {
          spec: { suspend: false },
          metadata: {
            annotations: {
              [RECONCILE_REQUESTED_AT_ANNOTATION]: rfc3339(this.now()),
            },
          },
        };
    await this.guardedPatch(
      target.suspend ? 'flux-suspend' : 'flux-resume',
      gitopsFluxSuspendPermission,
      target,
      patch,
      { suspend: target.suspend },
      context,
    );
    return { suspended: target.suspend };
  }

  private async guardedPatch(
    eventId: string,
    permission: BasicPermission,
    target: FluxObjectTarget,
    patch: object,
    meta: Record<string, string | boolean>,
    context: { credentials: BackstageCredentials; request: Request },
  ): Promise<void> {
    const kind = reconcilableKind(target.kind);
    const event = await this.options.auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: context.request,
      meta: {
        cluster: target.cluster,
        kind: target.kind,
        namespace: target.namespace,
        name: target.name,
        ...meta,
      },
    });
    try {
      const [decision] = await this.options.permissions.authorize(
        [{ permission }],
        { credentials: context.credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `${permission.name} is not allowed for this user (platform team only)`,
        );
      }
      await this.patch(kind, target, patch, context.credentials);
      await event.success();
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  private async patch(
    kind: GitopsResourceKind,
    target: FluxObjectTarget,
    patch: object,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const what = `${target.kind} ${target.namespace}/${target.name} on cluster '${target.cluster}'`;
    for (const version of kind.versions) {
      const res = await this.options.kubernetes.proxy(credentials, {
        cluster: target.cluster,
        method: 'PATCH',
        path: `/apis/${kind.group}/${version}/namespaces/${encodeURIComponent(
          target.namespace,
        )}/${kind.plural}/${encodeURIComponent(target.name)}`,
        mergePatch: patch,
        auth: target.auth,
      });
      if (res.ok) return;
      if (res.status === 404) continue;
      const detail = res.error.message ?? res.error.errorType;
      if (res.status === 403) throw new NotAllowedError(`${what}: ${detail}`);
      if (res.status === 409) throw new ConflictError(`${what}: ${detail}`);
      throw new ServiceUnavailableError(`${what}: ${detail}`);
    }
    throw new NotFoundError(`${what} not found`);
  }
}
