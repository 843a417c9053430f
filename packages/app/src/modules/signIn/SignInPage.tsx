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
 * Offers the sign-in methods the backend has configured: Google in
 * production, the guest user in local development.
 */
export function SignInPage(props: SignInPageProps) {
  const configApi = useApi(configApiRef);
  const configured = configApi.getOptionalConfig('auth.providers')?.keys() ?? [];
  const providers: Array<'guest' | SignInProviderConfig> = [];
  if (configured.includes('google')) {
    providers.push(googleProvider);
  }
  if (configured.includes('guest')) {
    providers.push('guest');
  }
  return <CoreSignInPage {...props} providers={providers} />;
}
