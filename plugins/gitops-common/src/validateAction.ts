/** Id of the scaffolder action that validates a generated repository. @public */
export const VALIDATE_ACTION_ID = 'gitops:validate';
