/** A change to make in the fleet repository, computed from its current files. @public */
export interface FleetChangeSet {
  /** Files to write, path relative to the repository root -> content. */
  write: Record<string, string>;
}

/** Result of {@link FleetRepository.update}. @public */
export interface FleetUpdateResult {
  /** Paths that were written (created or changed); empty when nothing changed. */
  changed: string[];
  /** The pushed commit, when something changed. */
  commit?: string;
}

/**
 * The Git repository holding the fleet: catalog files of registered clusters
 * and the Flux entries `clusters/<name>/`. The portal's git server or GitHub.
 * @public
 */
export interface FleetRepository {
  /** Where Flux pulls the fleet from. */
  readonly url: string;
  /** The branch Flux follows. */
  readonly branch: string;
  /**
   * Reads the current files (`read(path)` is undefined for a missing file),
   * lets `plan` decide what to write, then commits and pushes only when some
   * content differs. Nothing is pushed when `plan` throws.
   */
  update(
    plan: (
      read: (path: string) => string | undefined,
    ) => Promise<FleetChangeSet> | FleetChangeSet,
    message: string,
  ): Promise<FleetUpdateResult>;
}
