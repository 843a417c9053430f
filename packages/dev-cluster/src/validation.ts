/**
 * Kubernetes name and label syntax (k8s.io/apimachinery/pkg/util/validation),
 * shared by object validation (create, update) and label selectors.
 */
import { KubeApiError, StatusCause } from './errors';
import { KubeObject, ResourceKind } from './registry';

export const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAME = '[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
/** A label or annotation key: an optional DNS subdomain prefix and a name. */
export const LABEL_KEY = new RegExp(
  `^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?${NAME}$`,
);
/** A label value: empty or a name of at most 63 characters. */
export const LABEL_VALUE = new RegExp(`^(${NAME})?$`);
export const MAX_LABEL_VALUE = 63;

export const LABEL_KEY_MESSAGE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
export const LABEL_VALUE_MESSAGE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

export function validateObject(obj: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const { name } = obj.metadata;
  if (!name || typeof name !== 'string') {
    causes.push({
      reason: 'FieldValueRequired',
      message: 'Required value: name or generateName is required',
      field: 'metadata.name',
    });
  } else if (!DNS_SUBDOMAIN.test(name) || name.length > 253) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      field: 'metadata.name',
    });
  }
  for (const [field, map] of [
    ['metadata.labels', obj.metadata.labels],
    ['metadata.annotations', obj.metadata.annotations],
  ] as const) {
    if (map === undefined) continue;
    if (typeof map !== 'object' || map === null || Array.isArray(map)) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: 'Invalid value: must be a map of strings',
        field,
      });
      continue;
    }
    for (const [k, v] of Object.entries(map)) {
      if (!LABEL_KEY.test(k)) {
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: "${k}": ${LABEL_KEY_MESSAGE}`,
          field,
        });
      } else if (typeof v !== 'string') {
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(v)}: must be a string`,
          field: `${field}.${k}`,
        });
      } else if (
        field === 'metadata.labels' &&
        (!LABEL_VALUE.test(v) || v.length > MAX_LABEL_VALUE)
      ) {
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: "${v}": ${LABEL_VALUE_MESSAGE}`,
          field: `${field}`,
        });
      }
    }
  }
  return causes;
}

/** Throws a 422 Invalid Status naming every invalid field. */
export function assertValid(resource: ResourceKind, obj: KubeObject) {
  const causes = validateObject(obj);
  if (causes.length) {
    throw KubeApiError.invalid(
      resource.kind,
      resource.group,
      String(obj.metadata?.name ?? ''),
      causes,
    );
  }
}
