import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  createScaffolderActionConditionalDecision,
  scaffolderActionConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  CLUSTER_REGISTER_ACTION_ID,
  gitopsPermissions,
  PLATFORM_ONLY_ANNOTATION,
} from '@drktrc/plugin-gitops-common';

export const DEFAULT_PLATFORM_GROUP = 'group:default/platform-team';

/**
 * Permissions that change shared infrastructure. Only members of a platform
 * group may use them: cluster registration, Flux reconcile and suspend, and
 * changes through the Kubernetes proxy (`gitops.kubernetes.proxy.write`,
 * which `kubernetesProxyWriteGuard.ts` asks for in front of the proxy on any
 * request but a read).
 *
 * `kubernetes.proxy` itself is not among them: developers read pod logs and
 * events through it. It cannot tell reads from writes, hence the guard.
 */
const guardedPermissionNames = new Set(gitopsPermissions.map(p => p.name));

export interface PlatformGroupPolicyOptions {
  /** Entity refs of the groups whose members may use guarded permissions. */
  platformGroups: string[];
}

/**
 * Everyone may read and use ordinary features; guarded permissions, and
 * reading entities annotated `drktrc.io/platform-only: 'true'`, are allowed
 * only for members of a platform group. Membership comes from the
 * user's ownership refs, which sign-in resolves from the catalog.
 */
export class PlatformGroupPolicy implements PermissionPolicy {
  private readonly platformGroups: Set<string>;

  constructor(options: PlatformGroupPolicyOptions) {
    this.platformGroups = new Set(
      options.platformGroups.map(ref => ref.toLocaleLowerCase('en-US')),
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const isPlatformMember = this.isPlatformMember(user);

    if (guardedPermissionNames.has(request.permission.name)) {
      return {
        result: isPlatformMember ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }

    if (
      isResourcePermission(request.permission, 'scaffolder-action') &&
      !isPlatformMember
    ) {
      // Templates may use every action except cluster registration.
      return createScaffolderActionConditionalDecision(request.permission, {
        not: scaffolderActionConditions.hasActionId({
          actionId: CLUSTER_REGISTER_ACTION_ID,
        }),
      });
    }

    if (
      isPermission(request.permission, catalogEntityReadPermission) &&
      !isPlatformMember
    ) {
      // Entities marked platform-only (templates/register-cluster) are
      // hidden from everyone else: not listed, not fetched by ref.
      return createCatalogConditionalDecision(request.permission, {
        not: catalogConditions.hasAnnotation({
          annotation: PLATFORM_ONLY_ANNOTATION,
          value: 'true',
        }),
      });
    }

    return { result: AuthorizeResult.ALLOW };
  }

  private isPlatformMember(user?: PolicyQueryUser): boolean {
    return (
      user?.info.ownershipEntityRefs.some(ref =>
        this.platformGroups.has(ref.toLocaleLowerCase('en-US')),
      ) ?? false
    );
  }
}

export const permissionModuleDrktrcPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'drktrc-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ policy, config }) {
        const platformGroups = config.getOptionalStringArray(
          'drktrc.permission.platformGroups',
        ) ?? [DEFAULT_PLATFORM_GROUP];
        policy.setPolicy(new PlatformGroupPolicy({ platformGroups }));
      },
    });
  },
});
