export interface Config {
  gitops?: {
    certificates?: {
      /**
       * Warn when a certificate has fewer days than this before `notAfter` (default 30).
       * @visibility backend
       */
      warningDays?: number;
      /**
       * Critical when a certificate has fewer days than this before `notAfter` (default 7).
       * @visibility backend
       */
      criticalDays?: number;
    };
    fleet?: {
      /**
       * How long the fleet page's per-cluster, per-kind lists are cached, in seconds (default 15).
       * @visibility backend
       */
      cacheTtlSeconds?: number;
    };
  };
}
