import fs from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  AgeKeySource,
  GcpKmsKeySource,
  KeySourceRegistry,
  SopsMasterKeyRef,
  ensureAgeIdentityFile,
} from '@drktrc/sops';
import { createSopsEncryptAction } from './actions/encrypt';

/** The monorepo root above `dir` (a package.json with workspaces), else `dir`. */
function repoRootFrom(dir: string): string {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const pkg = path.join(d, 'package.json');
    if (
      fs.existsSync(pkg) &&
      JSON.parse(fs.readFileSync(pkg, 'utf8')).workspaces
    )
      return d;
    if (path.dirname(d) === d) return path.resolve(dir);
  }
}

/**
 * Registers the `sops:encrypt` scaffolder action.
 * @public
 */
export const scaffolderModuleSops = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'sops',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ scaffolder, config, logger }) {
        const sops = config.getOptionalConfig('sops');
        const defaultKeys: SopsMasterKeyRef[] = [
          ...(sops?.getOptionalStringArray('defaultKeys.age') ?? []).map(
            id => ({
              type: 'age' as const,
              id,
            }),
          ),
          ...(sops?.getOptionalStringArray('defaultKeys.gcpKms') ?? []).map(
            id => ({
              type: 'gcp_kms' as const,
              id,
            }),
          ),
        ];
        const devKeyFile = sops?.getOptionalString('developmentAgeKeyFile');
        if (defaultKeys.length === 0 && devKeyFile) {
          const file = path.resolve(repoRootFrom(process.cwd()), devKeyFile);
          const { recipient, created } = await ensureAgeIdentityFile(file);
          logger.info(
            created
              ? 'Created development age key'
              : 'Using development age key',
            {
              file,
              recipient,
            },
          );
          defaultKeys.push({ type: 'age', id: recipient });
        }
        const keySources = new KeySourceRegistry([
          new AgeKeySource(),
          new GcpKmsKeySource({
            endpoint: sops?.getOptionalString('gcpKms.endpoint'),
            insecure: sops?.getOptionalBoolean('gcpKms.insecure'),
          }),
        ]);
        scaffolder.addActions(
          createSopsEncryptAction({ keySources, defaultKeys }),
        );
      },
    });
  },
});
