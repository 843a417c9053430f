import fs from 'node:fs';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  KeySourceRegistry,
  SOPS_STORE_NAMES,
  SopsEncryptionRules,
  SopsMasterKeyRef,
  checkSopsPlaintext,
  createSopsStore,
  encryptSops,
  isSopsEncrypted,
  planSopsEncryption,
  validateSopsKeys,
  writeFileAtomically,
} from '@drktrc/sops';
import { examples } from './encrypt.examples';

/** Options of {@link createSopsEncryptAction}. @public */
export interface SopsEncryptActionOptions {
  /** Key sources that can wrap data keys (age, GCP KMS). */
  keySources: KeySourceRegistry;
  /** Keys used when neither the input nor a workspace `.sops.yaml` names any. */
  defaultKeys?: SopsMasterKeyRef[];
}

function safePath(workspace: string, rel: string): string {
  try {
    return resolveSafeChildPath(workspace, rel);
  } catch {
    throw new InputError(`Path '${rel}' is outside the workspace`);
  }
}

/**
 * `sops:encrypt`: encrypts workspace files with SOPS, in place or to a target
 * path. Secret values come from the template's secrets by name and are set in
 * memory only; logs, output and checkpoints name files and key ids, never
 * values or key material.
 * @public
 */
export function createSopsEncryptAction(options: SopsEncryptActionOptions) {
  return createTemplateAction({
    id: 'sops:encrypt',
    description:
      'Encrypts files in the workspace with SOPS (age or GCP KMS) so that the sops CLI and Flux can decrypt them. Secret values come from the template secrets.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        files: z =>
          z
            .array(
              z.object({
                path: z
                  .string()
                  .describe('File to encrypt, relative to the workspace'),
                targetPath: z
                  .string()
                  .optional()
                  .describe(
                    'Where to write the encrypted file; default: in place',
                  ),
                inputType: z
                  .enum(SOPS_STORE_NAMES)
                  .optional()
                  .describe(
                    'Store: yaml, json, dotenv or binary; default from the file name',
                  ),
                secrets: z
                  .record(z.string())
                  .optional()
                  .describe(
                    'Values to set before encrypting: key path (dot-separated) -> name of a template secret (ctx.secrets)',
                  ),
              }),
            )
            .min(1)
            .describe('Files to encrypt'),
        age: z =>
          z
            .array(z.string())
            .optional()
            .describe('age recipients; default: the workspace .sops.yaml'),
        gcpKms: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'GCP KMS CryptoKey resource ids; default: the workspace .sops.yaml',
            ),
        encryptedRegex: z =>
          z
            .string()
            .optional()
            .describe('Encrypt only values under keys matching this regex'),
        unencryptedRegex: z =>
          z
            .string()
            .optional()
            .describe(
              'Leave values under keys matching this regex in plaintext',
            ),
        encryptedSuffix: z =>
          z
            .string()
            .optional()
            .describe('Encrypt only values under keys ending with this suffix'),
        unencryptedSuffix: z =>
          z
            .string()
            .optional()
            .describe(
              'Leave values under keys ending with this suffix in plaintext',
            ),
        macOnlyEncrypted: z =>
          z
            .boolean()
            .optional()
            .describe('Compute the MAC over encrypted values only'),
      },
      output: {
        files: z =>
          z
            .array(
              z.object({
                path: z.string(),
                targetPath: z.string(),
                keys: z.array(z.string()),
              }),
            )
            .describe('Encrypted files and the key ids that can open them'),
      },
    },
    async handler(ctx) {
      const { input, workspacePath } = ctx;
      const inputKeys: SopsMasterKeyRef[] = [
        ...(input.age ?? []).map(id => ({ type: 'age' as const, id })),
        ...(input.gcpKms ?? []).map(id => ({ type: 'gcp_kms' as const, id })),
      ];
      const inputRules: SopsEncryptionRules = {
        encrypted_regex: input.encryptedRegex,
        unencrypted_regex: input.unencryptedRegex,
        encrypted_suffix: input.encryptedSuffix,
        unencrypted_suffix: input.unencryptedSuffix,
        mac_only_encrypted: input.macOnlyEncrypted,
      };

      // Plan and validate every file before anything is written or any KMS
      // called: keys, rules and store as `sops encrypt` run in the file's
      // folder decides them (the nearest .sops.yaml inside the workspace).
      const plans = input.files.map(file => {
        const source = safePath(workspacePath, file.path);
        const target = safePath(workspacePath, file.targetPath ?? file.path);
        if (!fs.existsSync(source) || !fs.statSync(source).isFile()) {
          throw new InputError(
            `File '${file.path}' does not exist in the workspace`,
          );
        }
        const plan = planSopsEncryption({
          filePath: source,
          outputPath: target,
          inputType: file.inputType,
          keys: inputKeys,
          rules: inputRules,
          configSearchDir: path.dirname(source),
          configSearchStopDir: workspacePath,
          defaultKeys: options.defaultKeys,
        });
        for (const warning of plan.warnings)
          ctx.logger.warn('Rule ignored', { path: file.path, warning });
        const { keys, rules } = plan;
        const store = createSopsStore(plan.store);
        validateSopsKeys(keys, options.keySources);

        const values = Object.entries(file.secrets ?? {}).map(
          ([keyPath, secretName]) => {
            const value = ctx.secrets?.[secretName];
            if (value === undefined) {
              throw new InputError(
                `Template secret '${secretName}' (for ${file.path}) is not set`,
              );
            }
            return { path: keyPath.split('.'), value, name: secretName };
          },
        );
        return { file, source, target, store, keys, rules, values };
      });

      const results = plans.map(plan => ({
        path: plan.file.path,
        targetPath: path.relative(workspacePath, plan.target),
        keys: plan.keys.map(k => k.id),
      }));
      const inputs = plans.map(plan => fs.readFileSync(plan.source));
      // Checked for every file before anything is encrypted or written.
      // (Inside the checkpoint below, so a retry after success is a no-op.)
      const checkInputs = () =>
        plans.forEach((plan, i) => {
          if (isSopsEncrypted(inputs[i], plan.store)) {
            throw new InputError(
              `File '${plan.file.path}' is already encrypted with sops`,
            );
          }
          // parses, and refuses a template secret the rules would leave
          // in plaintext (naming the secret and the rule)
          checkSopsPlaintext({
            input: inputs[i],
            store: plan.store,
            rules: plan.rules,
            values: plan.values,
          });
        });

      // Every file is encrypted in memory first, then all are written, so a
      // failure (KMS denied or down) leaves the workspace untouched.
      const encryptAll = async () => {
        checkInputs();
        const encrypted: Buffer[] = [];
        for (const [i, plan] of plans.entries()) {
          encrypted.push(
            await encryptSops({
              input: inputs[i],
              store: plan.store,
              keys: plan.keys,
              rules: plan.rules,
              values: plan.values,
              keySources: options.keySources,
            }),
          );
        }
        plans.forEach((plan, i) =>
          writeFileAtomically(plan.target, encrypted[i]),
        );
      };
      const logEncrypted = () => {
        for (const r of results) {
          ctx.logger.info('Encrypted file', {
            path: r.path,
            targetPath: r.targetPath,
            keys: r.keys.join(','),
          });
        }
      };

      if (ctx.isDryRun) {
        if (plans.every(plan => plan.keys.every(k => k.type === 'age'))) {
          // age keys encrypt locally with no side effect, so a dry run (the
          // template editor, the template kit) writes the real result: the
          // dry-run workspace never holds the secrets in plain text.
          await encryptAll();
          logEncrypted();
        } else {
          checkInputs();
          for (const r of results) {
            ctx.logger.info('Dry run: would encrypt file', {
              path: r.path,
              targetPath: r.targetPath,
              keys: r.keys.join(','),
            });
          }
        }
      } else {
        // One checkpoint for the step, so a retry after success is a no-op.
        // The checkpoint holds target paths only.
        await ctx.checkpoint({
          key: `sops.encrypt:${results
            .map(r => `${r.path}>${r.targetPath}`)
            .join(',')}`,
          fn: async () => {
            await encryptAll();
            return { targetPaths: results.map(r => r.targetPath) };
          },
        });
        logEncrypted();
      }
      ctx.output('files', results);
    },
  });
}
