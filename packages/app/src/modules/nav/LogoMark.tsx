/**
 * The drktrc mark: a hexagon (a cluster node) around a branch that merges
 * back (GitOps), drawn at the origin of a 48x48 box.
 */
export const LOGO_COLOR = '#7df3e1';

export const LogoMark = () => (
  <g fill="none" stroke={LOGO_COLOR} strokeWidth={3.5} strokeLinecap="round">
    <path d="M24 3 L42 13.5 V34.5 L24 45 L6 34.5 V13.5 Z" />
    <path d="M19 14 V34 M19 20 C19 26 29 24 29 30 V34" />
    <circle cx={19} cy={14} r={2.5} fill={LOGO_COLOR} />
    <circle cx={19} cy={34} r={2.5} fill={LOGO_COLOR} />
    <circle cx={29} cy={34} r={2.5} fill={LOGO_COLOR} />
  </g>
);
