export { KustomizationTable, HelmReleaseTable, SourceTable } from './FluxTable';
export type { FluxTableProps } from './FluxTable';
