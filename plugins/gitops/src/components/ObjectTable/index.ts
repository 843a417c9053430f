export {
  ObjectTable,
  healthColumn,
  nameColumn,
  objectName,
} from './ObjectTable';
export type { NamedObject, ObjectColumn } from './ObjectTable';
