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

/**
 * The fleet repository kept on the portal's own git server (the embedded
 * default when `gitops.fleet.repoUrl` is not configured): created on first
 * use, pushed to with the scaffolder's own service token, read by the catalog
 * through the git server's UrlReader.
 */
export async function portalFleetRepository(
  options: PortalFleetRepositoryOptions,
): Promise<{ fleet: GitFleetRepository; catalogBaseUrl: string }> {
  const { auth, discovery } = options;
  const name = options.name ?? DEFAULT_FLEET_REPOSITORY;
  const problem = repositoryNameProblem(name, 'gitops.fleet.repository');
  if (problem) throw new Error(problem);
  const internal = await discovery.getBaseUrl(GIT_SERVER_PLUGIN_ID);
  const external = await discovery.getExternalBaseUrl(GIT_SERVER_PLUGIN_ID);

  const serviceToken = async () =>
    (
      await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: GIT_SERVER_PLUGIN_ID,
      })
    ).token;

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
      const token = await serviceToken();
      await ensureRepository(token);
      return `Bearer ${token}`;
    },
  });
  return {
    fleet,
    catalogBaseUrl: gitServerUrls(external, name).blobUrl(BRANCH, ''),
  };
}
