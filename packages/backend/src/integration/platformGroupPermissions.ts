import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';
import { PlatformGroupPolicy } from '../modules/permissionPolicy';

/**
 * Our real permission policy, evaluated in-process with the users' ownership
 * as sign-in resolves it from examples/org.yaml. (The permission backend
 * behind startTestBackend's mock auth refuses the catalog's on-behalf-of
 * requests, which carry no actor there; permissionPolicy.test.ts covers the
 * policy through the real permission backend.)
 */
export const platformGroupPermissions = (ownership: Record<string, string[]>) =>
  createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory() {
      const policy = new PlatformGroupPolicy({
        platformGroups: ['group:default/platform-team'],
      });
      const decide = (
        requests: { permission: Permission }[],
        { credentials }: { credentials: BackstageCredentials },
      ) =>
        Promise.all(
          requests.map(({ permission }) => {
            const ref = (credentials.principal as { userEntityRef?: string })
              .userEntityRef;
            return policy.handle(
              { permission },
              ref
                ? {
                    credentials: credentials as any,
                    info: {
                      userEntityRef: ref,
                      ownershipEntityRefs: ownership[ref] ?? [ref],
                    },
                  }
                : undefined,
            );
          }),
        );
      return {
        authorize: async (requests, options) =>
          (await decide(requests, options)).map(d => ({
            result:
              d.result === AuthorizeResult.ALLOW
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          })),
        authorizeConditional: decide,
      } as PermissionsService;
    },
  });
