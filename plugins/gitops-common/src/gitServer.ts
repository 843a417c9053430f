/**
 * The portal's own git server (`@drktrc/plugin-git-server-backend`): its
 * plugin id, the repository name rule and the URLs it serves. Shared by the
 * server, its UrlReader and the `publish:portal` action.
 */

/** Backend plugin id of the git server; its routes live under `/api/git-server`. */
export const GIT_SERVER_PLUGIN_ID = 'git-server';

/** A repository name: a DNS label (lower case letters, digits, dashes; at most 63). */
export const REPOSITORY_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A branch or tag name the server accepts in file URLs. */
export const GIT_REF_PATTERN = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,200}$/;

/**
 * Why `name` is not a valid repository name, naming `field`; undefined when
 * it is valid. Never echoes control characters back.
 */
export function repositoryNameProblem(
  name: unknown,
  field = 'repository name',
): string | undefined {
  if (typeof name !== 'string' || name.length === 0) {
    return `${field} is required`;
  }
  if (name.length > 63) {
    return `${field} is longer than 63 characters; use at most 63`;
  }
  if (!REPOSITORY_NAME_PATTERN.test(name)) {
    return `${field} must be lower case letters, digits and dashes, starting and ending with a letter or digit (for example 'checkout')`;
  }
  return undefined;
}

/** URLs of one repository on a git server whose plugin base URL is `baseUrl`. */
export function gitServerUrls(baseUrl: string, name: string) {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    /** `git clone` URL (smart HTTP). */
    cloneUrl: `${base}/git/${name}.git`,
    /** Browse/read URL of a file on a branch. */
    blobUrl: (ref: string, filePath: string) =>
      `${base}/repositories/${name}/blob/${ref}/${filePath.replace(
        /^\/+/,
        '',
      )}`,
    /** A tree (folder) URL on a branch, as UrlReader.readTree takes it. */
    treeUrl: (ref: string, dir = '') =>
      `${base}/repositories/${name}/tree/${ref}/${dir.replace(/^\/+/, '')}`,
  };
}
