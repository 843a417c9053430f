export interface Config {
  /** drktrc SOPS encryption (scaffolder action `sops:encrypt`). */
  sops?: {
    /**
     * Master keys used when neither the action input nor a `.sops.yaml` in
     * the workspace names any.
     */
    defaultKeys?: {
      /** age recipients (`age1...`). */
      age?: string[];
      /** GCP KMS CryptoKey resource ids. */
      gcpKms?: string[];
    };
    /**
     * Local development: create an age key in this file (relative to the
     * repository root; keep it in a git-ignored folder such as
     * `.drktrc/sops/age-key.txt`) on first start and use its recipient as the
     * default key when `defaultKeys` is empty.
     */
    developmentAgeKeyFile?: string;
    /** GCP KMS client settings. */
    gcpKms?: {
      /** `host:port` override (a fake KMS in development); default the Google endpoint with ADC. */
      endpoint?: string;
      /** Use plaintext gRPC to `endpoint` (loopback fakes only). */
      insecure?: boolean;
    };
  };
}
