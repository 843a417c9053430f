import { mockServices } from '@backstage/backend-test-utils';

/** A platform team member (the guest user of the development portal). */
export const guest = 'user:default/guest';
/** A developer outside the platform team. */
export const developer = 'user:default/alex';

/** Ownership as sign-in resolves it from examples/org.yaml. */
export const ownership: Record<string, string[]> = {
  [guest]: [guest, 'group:default/platform-team'],
  [developer]: [developer, 'group:default/developers'],
};

/** User info with {@link ownership}, for a backend started with mock auth. */
export const userInfoWithOwnership = mockServices.userInfo.mock({
  getUserInfo: async credentials => {
    const ref = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return { userEntityRef: ref, ownershipEntityRefs: ownership[ref] };
  },
}).factory;
