/** The checks `validateTree` runs. @public */
export const CHECK_NAMES = [
  'kustomize',
  'schema',
  'helm',
  'consistency',
  'hcl',
  'security',
] as const;

/** @public */
export type CheckName = (typeof CHECK_NAMES)[number];

/** A Kubernetes object a finding is about. @public */
export interface ObjectRef {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** One problem in the tree. @public */
export interface Finding {
  check: CheckName;
  /** File relative to the validated folder (`/` separated). */
  file: string;
  /** 1-based line in `file`, when known. */
  line?: number;
  object?: ObjectRef;
  /** Dotted path of the field, e.g. `spec.dependsOn[0].name`. */
  field?: string;
  message: string;
  /** Rule id of the tool, e.g. a checkov check `CKV_K8S_8`. */
  rule?: string;
  /** How the object was produced when it is not in `file` as written. */
  origin?: string;
}

/** What one check did. @public */
export interface CheckSummary {
  check: CheckName;
  findings: number;
  durationMs: number;
}

/** checkov's own counts. @public */
export interface CheckovCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/** The result of {@link validateTree}. @public */
export interface ValidationReport {
  /** The validated folder (absolute). */
  root: string;
  ok: boolean;
  findings: Finding[];
  checks: CheckSummary[];
  /** Objects seen: loose files, kustomize output and rendered charts. */
  objects: number;
  checkov?: CheckovCounts;
}
