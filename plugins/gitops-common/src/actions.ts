/** The scaffolder action that validates a rendered GitOps repository. */
export const GITOPS_VALIDATE_ACTION_ID = 'gitops:validate';

/** The scaffolder action that publishes a workspace to the portal's git server. */
export const PUBLISH_PORTAL_ACTION_ID = 'publish:portal';

/** The scaffolder action that checks the GitOps service template's values on the server. */
export const GITOPS_SERVICE_CHECK_ACTION_ID = 'gitops:service:check';

/** The scaffolder action that waits until the catalog serves a registered entity. */
export const CATALOG_WAIT_ACTION_ID = 'gitops:catalog:wait';
