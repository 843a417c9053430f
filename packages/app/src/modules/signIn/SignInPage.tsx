import Button from '@material-ui/core/Button';
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

/** The developer outside the platform team that development offers. */
const DEVELOPER = 'alex';

/**
 * Google sign-in where `auth.environment` is production
 * (app-config.production.yaml), the guest user in local development. Only
 * `auth.environment` is visible to the frontend, not the provider list.
 * In development, `localStorage['drktrc.devSignInAs'] = 'alex'` (or the
 * "Sign in as the developer alex" button) signs in as that catalog User
 * instead (the backend's dev-user provider, registered in development only).
 */
export function SignInPage(props: SignInPageProps) {
  const configApi = useApi(configApiRef);
  const environment =
    configApi.getOptionalString('auth.environment') ?? 'development';
  if (environment === 'production') {
    return <CoreSignInPage {...props} providers={[googleProvider]} />;
  }
  if (environment !== 'development') {
    return <CoreSignInPage {...props} providers={['guest']} />;
  }
  const devUser = window.localStorage.getItem(DEV_SIGN_IN_AS_KEY);
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
    <>
      <CoreSignInPage {...props} providers={['guest']} />
      <Button
        variant="outlined"
        style={{ position: 'fixed', bottom: 24, right: 24 }}
        onClick={() => {
          window.localStorage.setItem(DEV_SIGN_IN_AS_KEY, DEVELOPER);
          window.location.reload();
        }}
      >
        Sign in as the developer {DEVELOPER}
      </Button>
    </>
  );
}
