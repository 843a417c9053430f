export { HpaTable } from './HpaTable';
