import { useState } from 'react';
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

/** Remembers the development developer sign-in across reloads. */
const DEVELOPER_SIGN_IN_KEY = 'drktrc:signIn:developer';

/**
 * Google sign-in where `auth.environment` is production
 * (app-config.production.yaml), the guest user in local development. Only
 * `auth.environment` is visible to the frontend, not the provider list.
 * Development also offers the developer alex (backend provider `developer`,
 * refused outside NODE_ENV=development), who is not in the platform team.
 */
export function SignInPage(props: SignInPageProps) {
  const configApi = useApi(configApiRef);
  const environment =
    configApi.getOptionalString('auth.environment') ?? 'development';
  const [asDeveloper, setAsDeveloper] = useState(
    () => localStorage.getItem(DEVELOPER_SIGN_IN_KEY) === 'true',
  );
  if (environment === 'production') {
    return <CoreSignInPage {...props} providers={[googleProvider]} />;
  }
  if (asDeveloper) {
    return <ProxiedSignInPage {...props} provider="developer" />;
  }
  return (
    <>
      <CoreSignInPage {...props} providers={['guest']} />
      <Button
        variant="outlined"
        style={{ position: 'fixed', bottom: 24, right: 24 }}
        onClick={() => {
          localStorage.setItem(DEVELOPER_SIGN_IN_KEY, 'true');
          setAsDeveloper(true);
        }}
      >
        Sign in as the developer alex
      </Button>
    </>
  );
}
