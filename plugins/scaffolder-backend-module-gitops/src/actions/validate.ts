import fs from 'node:fs';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { GITOPS_VALIDATE_ACTION_ID } from '@drktrc/plugin-gitops-common';
import {
  CHECK_NAMES,
  ValidationTools,
  formatFinding,
  validateTree,
} from '@drktrc/validate';
import { examples } from './validate.examples';

/** Options of {@link createValidateAction}. @public */
export interface ValidateActionOptions {
  /** Tools to run with; default: the set-up under `.tools/` (scripts/ensure-tools.sh). */
  tools?: () => ValidationTools;
}

/**
 * `gitops:validate`: validates the generated repository in the workspace
 * with the real tools (kustomize, kubeconform, helm, terragrunt, checkov),
 * logs the report and fails the step on any finding, so that nothing is
 * published.
 * @public
 */
export function createValidateAction(options: ValidateActionOptions = {}) {
  return createTemplateAction({
    id: GITOPS_VALIDATE_ACTION_ID,
    description:
      'Validates the generated repository (kustomize builds, strict schemas, Helm charts, consistency, HCL, checkov) and fails on any finding',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe(
              'Folder to validate, relative to the workspace; default "."',
            ),
        checks: z =>
          z
            .array(z.enum(CHECK_NAMES))
            .optional()
            .describe(
              `Checks to run; default: all (${CHECK_NAMES.join(', ')})`,
            ),
      },
      output: {
        findings: z =>
          z.number().describe('Number of findings (0 when the step passes)'),
        checkov: z =>
          z
            .object({
              passed: z.number(),
              failed: z.number(),
              skipped: z.number(),
            })
            .optional()
            .describe("checkov's passed, failed and skipped counts"),
      },
    },
    async handler(ctx) {
      const rel = ctx.input.path ?? '.';
      let dir: string;
      try {
        dir = resolveSafeChildPath(ctx.workspacePath, rel);
      } catch {
        throw new InputError(`path '${rel}' is outside the workspace`);
      }
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        throw new InputError(`path '${rel}' is not a folder of the workspace`);
      }
      ctx.logger.info(`Validating ${rel}`);
      const report = await validateTree(dir, {
        checks: ctx.input.checks,
        tools: options.tools?.(),
      });
      for (const c of report.checks) {
        ctx.logger.info(
          `${c.check}: ${c.findings} finding(s) in ${c.durationMs} ms`,
        );
      }
      if (report.checkov) {
        const { passed, failed, skipped } = report.checkov;
        ctx.logger.info(
          `checkov: ${passed} passed, ${failed} failed, ${skipped} skipped`,
        );
      }
      for (const f of report.findings) ctx.logger.error(formatFinding(f));
      ctx.output('findings', report.findings.length);
      if (report.checkov) ctx.output('checkov', report.checkov);
      if (!report.ok && ctx.isDryRun) {
        // A dry run publishes nothing, and with KMS keys sops:encrypt cannot
        // encrypt in one: report, do not stop the preview.
        ctx.logger.warn(
          `Validation found ${report.findings.length} problem(s) in ${rel}; a real run stops here, before publishing.`,
        );
        return;
      }
      if (!report.ok) {
        throw new InputError(
          `Validation found ${report.findings.length} problem(s) in ${rel}; see the log above. Nothing was published.`,
        );
      }
      ctx.logger.info(
        `Validation passed: ${report.objects} object(s), no findings`,
      );
    },
  });
}
