import {
  SignInPage as CoreSignInPage,
  ProxiedSignInPage,
  SignInProviderConfig,
} from '@backstage/core-components';
import {
  configApiRef,
  googleAuthApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';

const googleProvider: SignInProviderConfig = {
  id: 'google-auth-provider',
  title: 'Google',
  message: 'Sign in with your Google Workspace account',
  apiRef: googleAuthApiRef,
};

/** Development only: the catalog User to sign in as instead of the guest. */
export const DEV_SIGN_IN_AS_KEY = 'drktrc.devSignInAs';

/**
 * Google sign-in where `auth.environment` is production
 * (app-config.production.yaml), the guest user in local development. Only
 * `auth.environment` is visible to the frontend, not the provider list.
 * In development, `localStorage['drktrc.devSignInAs'] = 'alex'` signs in as
 * that catalog User instead (the backend's dev-user provider, development
 * only).
 */
export function SignInPage(props: SignInPageProps) {
  const configApi = useApi(configApiRef);
  const environment =
    configApi.getOptionalString('auth.environment') ?? 'development';
  const devUser =
    environment === 'development'
      ? window.localStorage.getItem(DEV_SIGN_IN_AS_KEY)
      : null;
  if (devUser) {
    return (
      <ProxiedSignInPage
        {...props}
        provider="dev-user"
        headers={{ 'x-drktrc-dev-user': devUser }}
      />
    );
  }
  return (
    <CoreSignInPage
      {...props}
      providers={environment === 'production' ? [googleProvider] : ['guest']}
    />
  );
}
