import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  GIT_SERVER_PLUGIN_ID,
  gitServerUrls,
  repositoryNameProblem,
} from '@drktrc/plugin-gitops-common';
import { GitFleetRepository } from '@drktrc/plugin-gitops-node';

/** The fleet repository's name on the portal's git server by default. */
export const DEFAULT_FLEET_REPOSITORY = 'fleet';
const BRANCH = 'main';

/** Options of {@link portalFleetRepository}. */
export interface PortalFleetRepositoryOptions {
  auth: AuthService;
  discovery: DiscoveryService;
  /** Repository name on the git server (`gitops.fleet.repository`). */
  name?: string;
}

/** Options of {@link gitServerFleetRepository}. */
export interface GitServerFleetRepositoryOptions {
  /** The git server's base URL for pushes (`.../api/git-server`). */
  baseUrl: string;
  /** The git server's base URL as the catalog reads it; default `baseUrl`. */
  externalBaseUrl?: string;
  /** Repository name; default {@link DEFAULT_FLEET_REPOSITORY}. */
  name?: string;
  /** A Backstage token allowed to create and push (service or user). */
  getToken: () => Promise<string>;
}

/**
 * The fleet repository `name` (default `fleet`) on a portal's git server:
 * created on first use, pushed to with `getToken`'s token, read by the
 * catalog through the git server's UrlReader. Used by the
 * `gitops:cluster:register` action (the scaffolder's service token) and by
 * `drktrc cluster register` (the user's token).
 */
export function gitServerFleetRepository(
  options: GitServerFleetRepositoryOptions,
): { fleet: GitFleetRepository; catalogBaseUrl: string } {
  const name = options.name ?? DEFAULT_FLEET_REPOSITORY;
  const problem = repositoryNameProblem(name, 'gitops.fleet.repository');
  if (problem) throw new Error(problem);
  const internal = options.baseUrl;

  let created = false;
  const ensureRepository = async (token: string) => {
    if (created) return;
    const res = await fetch(`${internal}/repositories`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ name }),
    });
    // 409: it exists already, which is what we want.
    if (!res.ok && res.status !== 409) {
      throw await ResponseError.fromResponse(res);
    }
    created = true;
  };

  const fleet = new GitFleetRepository({
    url: gitServerUrls(internal, name).cloneUrl,
    branch: BRANCH,
    getAuthorization: async () => {
      const token = await options.getToken();
      await ensureRepository(token);
      return `Bearer ${token}`;
    },
  });
  return {
    fleet,
    catalogBaseUrl: gitServerUrls(
      options.externalBaseUrl ?? internal,
      name,
    ).blobUrl(BRANCH, ''),
  };
}

/**
 * The fleet repository kept on the portal's own git server (the embedded
 * default when `gitops.fleet.repoUrl` is not configured), pushed to with the
 * scaffolder's own service token.
 */
export async function portalFleetRepository(
  options: PortalFleetRepositoryOptions,
): Promise<{ fleet: GitFleetRepository; catalogBaseUrl: string }> {
  const { auth, discovery } = options;
  return gitServerFleetRepository({
    baseUrl: await discovery.getBaseUrl(GIT_SERVER_PLUGIN_ID),
    externalBaseUrl: await discovery.getExternalBaseUrl(GIT_SERVER_PLUGIN_ID),
    name: options.name,
    getToken: async () =>
      (
        await auth.getPluginRequestToken({
          onBehalfOf: await auth.getOwnServiceCredentials(),
          targetPluginId: GIT_SERVER_PLUGIN_ID,
        })
      ).token,
  });
}
