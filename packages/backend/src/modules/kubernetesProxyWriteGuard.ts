import {
  AuditorService,
  coreServices,
  createBackendModule,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { kubernetesRouterExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { gitopsKubernetesProxyWritePermission } from '@drktrc/plugin-gitops-common';
import { RequestHandler, Router } from 'express';

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Subresources the Kubernetes API serves over GET (WebSocket upgrades) that
 * act on a workload rather than read it: RBAC authorizes exec, attach and
 * portforward as `create`, and `proxy` reaches the pod, service or kubelet
 * itself.
 */
const ACTING_SUBRESOURCE =
  /^\/api\/v1\/(?:namespaces\/[^/]+\/)?(?:pods|services|nodes)\/[^/]+\/(?:exec|attach|portforward|proxy)(?:\/|$)/;

/**
 * Whether a request through the Kubernetes proxy may change the cluster.
 * `path` is the Kubernetes API path (after `/proxy`), as sent: it is
 * decoded and its repeated slashes folded the way the API server reads it;
 * a path that cannot be decoded counts as a change.
 */
export function proxyRequestChangesCluster(
  method: string,
  path: string,
): boolean {
  if (!READ_METHODS.has(method.toUpperCase())) {
    return true;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return true;
  }
  return ACTING_SUBRESOURCE.test(decoded.replace(/\/{2,}/g, '/'));
}

/** Why a change through the proxy was refused, and what to do instead. */
export function proxyWriteRefusedMessage(method: string, path: string) {
  return (
    `${method} ${path} through the Kubernetes proxy was refused: changing a ` +
    `cluster through the portal is reserved for the platform team ` +
    `(${gitopsKubernetesProxyWritePermission.name}). You may still read ` +
    `through it (GET: pods, logs, events). To change a service, change its ` +
    `GitOps repository and let Flux apply it, or ask the platform team, who ` +
    `can reconcile it with the Reconcile button on the GitOps tab.`
  );
}

/**
 * Express middleware for the front of `/proxy`: reads pass untouched (the
 * Kubernetes plugin then checks `kubernetes.proxy`); anything that may
 * change the cluster needs {@link gitopsKubernetesProxyWritePermission},
 * decided by the permission policy.
 */
/** Audit event of a write through the proxy that the guard refused. */
export const PROXY_WRITE_REFUSED_EVENT = 'proxy-write-refused';

export function createProxyWriteGuard(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}): RequestHandler {
  const { httpAuth, permissions, auditor } = options;
  return async (req, _res, next) => {
    try {
      if (!proxyRequestChangesCluster(req.method, req.path)) {
        next();
        return;
      }
      const credentials = await httpAuth.credentials(req);
      const [decision] = await permissions.authorize(
        [{ permission: gitopsKubernetesProxyWritePermission }],
        { credentials },
      );
      if (decision.result === AuthorizeResult.ALLOW) {
        next();
        return;
      }
      // Refused requests never reach the proxy's own handler, which audits
      // what it forwards: the refusal is recorded here.
      const event = await auditor.createEvent({
        eventId: PROXY_WRITE_REFUSED_EVENT,
        severityLevel: 'medium',
        request: req,
        meta: { method: req.method, path: req.path },
      });
      const error = new NotAllowedError(
        proxyWriteRefusedMessage(req.method, req.path),
      );
      await event.fail({ error });
      next(error);
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Puts {@link createProxyWriteGuard} in front of the Kubernetes plugin's
 * proxy through its router extension point; every other route is the
 * plugin's default router, unchanged.
 */
export const kubernetesModuleProxyWriteGuard = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'drktrc-proxy-write-guard',
  register(reg) {
    reg.registerInit({
      deps: {
        router: kubernetesRouterExtensionPoint,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
      },
      async init({ router, httpAuth, permissions, auditor }) {
        router.addRouter(({ getDefault }) => {
          const guarded = Router();
          guarded.use(
            '/proxy',
            createProxyWriteGuard({ httpAuth, permissions, auditor }),
          );
          guarded.use(getDefault());
          return guarded;
        });
      },
    });
  },
});
