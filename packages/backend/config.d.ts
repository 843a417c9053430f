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
  };
}
