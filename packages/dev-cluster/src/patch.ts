/** Merge patch (RFC 7386) and JSON patch (RFC 6902) as the API server applies them. */
import {
  applyPatch,
  JsonPatchError,
  Operation,
  validate,
} from 'fast-json-patch';
import { KubeApiError } from './errors';

export type PatchType = 'merge' | 'json' | 'strategic';

/** Maps a PATCH request's Content-Type to the patch type. */
export function patchTypeOf(contentType: string | undefined): PatchType {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  switch (mediaType) {
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/json-patch+json':
      return 'json';
    // Treated as a merge patch: lists are replaced, $patch directives unsupported.
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    default:
      throw new KubeApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
      );
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386: objects merge recursively, `null` deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** Applies a patch body to a copy of `target`. */
export function applyPatchBody<T>(
  target: T,
  type: PatchType,
  body: unknown,
): T {
  if (type === 'merge' || type === 'strategic') {
    if (!isObject(body)) {
      throw KubeApiError.badRequest(
        'json: cannot unmarshal array into Go value of type map[string]interface {}',
      );
    }
    return mergePatch(target, body) as T;
  }
  if (!Array.isArray(body)) {
    throw KubeApiError.badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  const ops = body as Operation[];
  const error = validate(ops, target);
  if (error) {
    throw new KubeApiError(
      422,
      'Invalid',
      `the server rejected our request due to an error in our request: ${
        error.message.split('\n')[0]
      }`,
    );
  }
  try {
    return applyPatch(JSON.parse(JSON.stringify(target)), ops, false, true)
      .newDocument;
  } catch (e) {
    const message =
      e instanceof JsonPatchError ? e.message.split('\n')[0] : String(e);
    throw new KubeApiError(
      422,
      'Invalid',
      `the server rejected our request due to an error in our request: ${message}`,
    );
  }
}
