export interface Config {
  drktrc?: {
    permission?: {
      /**
       * Entity refs of the groups whose members may register clusters and
       * reconcile or suspend Flux objects. Defaults to
       * `group:default/platform-team`.
       */
      platformGroups?: string[];
    };
    /**
     * Development and test only: clusters registered with
     * `kubernetes.io/auth-provider: drktrcDevCluster` get their bearer token
     * from here, never from the catalog.
     */
    devCluster?: {
      /**
       * A fixed token.
       * @visibility secret
       */
      token?: string;
      /** The dev cluster state folder (its `token` file), relative to the backend process. */
      stateDir?: string;
    };
  };
}
