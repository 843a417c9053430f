export interface Config {
  /** The portal's own git server (`@drktrc/plugin-git-server-backend`). */
  gitServer?: {
    /**
     * Folder holding the bare repositories, relative to the repository root
     * of the portal (keep it git-ignored, e.g. `.drktrc/git`) or absolute.
     * Default `.drktrc/git`.
     */
    root?: string;
  };
}
