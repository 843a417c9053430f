export interface Config {
  gitops?: {
    fleet?: {
      /**
       * Name of the fleet repository on the portal's own git server (the
       * default when `repoUrl` is unset): catalog files of registered
       * clusters and Flux entries `clusters/<name>/`. Default `fleet`.
       */
      repository?: string;
      /**
       * Git remote of a fleet repository elsewhere (e.g. GitHub); with it,
       * `catalogBaseUrl` is required.
       */
      repoUrl?: string;
      /** Branch Flux follows; default `main`. */
      branch?: string;
      /**
       * Base URL the catalog reads fleet files from (a `url` location is
       * `<catalogBaseUrl>/<path>`), e.g.
       * `https://github.com/acme/fleet/blob/main`.
       */
      catalogBaseUrl?: string;
    };
    gke?: {
      /**
       * `host:port` of a GKE-compatible API spoken to in plaintext (the fake
       * GKE server in development and tests). Unset in production: the real
       * API with Application Default Credentials.
       */
      endpoint?: string;
    };
    cluster?: {
      /**
       * Values of `kubernetes.io/auth-provider` registration accepts;
       * default `google`. Development adds `drktrc-dev-cluster`.
       */
      authProviders?: string[];
    };
  };
}
