import { KubernetesAuthProviders } from '@backstage/plugin-kubernetes-react';
import { DrktrcKubernetesAuthProviders } from './DrktrcKubernetesAuthProviders';

describe('DrktrcKubernetesAuthProviders', () => {
  const googleAuthApi = {
    getAccessToken: jest.fn(async () => 'google-access-token'),
  };
  const providers = new DrktrcKubernetesAuthProviders(
    new KubernetesAuthProviders({
      googleAuthApi: googleAuthApi as any,
      microsoftAuthApi: {} as any,
    }),
  );

  it('adds nothing in the browser for development clusters (the backend adds their token)', async () => {
    const body = { entity: { kind: 'Component' } } as any;
    await expect(
      providers.decorateRequestBodyForAuth('drktrcDevCluster', body),
    ).resolves.toEqual(body);
    await expect(providers.getCredentials('drktrcDevCluster')).resolves.toEqual(
      {},
    );
    expect(googleAuthApi.getAccessToken).not.toHaveBeenCalled();
  });

  it('leaves the upstream providers in place', async () => {
    await expect(providers.getCredentials('google')).resolves.toEqual({
      token: 'google-access-token',
    });
    await expect(providers.getCredentials('nope')).rejects.toThrow(
      'authProvider "nope" has no KubernetesAuthProvider defined for it',
    );
  });
});
