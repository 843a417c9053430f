import {
  SignInPage as CoreSignInPage,
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

/**
 * Google sign-in where `auth.environment` is production
 * (app-config.production.yaml), the guest user in local development. Only
 * `auth.environment` is visible to the frontend, not the provider list.
 */
export function SignInPage(props: SignInPageProps) {
  const configApi = useApi(configApiRef);
  const environment =
    configApi.getOptionalString('auth.environment') ?? 'development';
  return (
    <CoreSignInPage
      {...props}
      providers={environment === 'production' ? [googleProvider] : ['guest']}
    />
  );
}
