import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import {
  CheckName,
  ValidationReport,
  ValidationTools,
  validateTree,
} from '@drktrc/validate';
import { parse } from 'yaml';
import { compareWithGoldens, writeGoldens } from './goldens';
import { renderTemplate } from './render';

/** One test case: `templates/<name>/tests/<case>/`. */
export interface TemplateCase {
  template: string;
  name: string;
  dir: string;
}

export interface TemplateCaseResult extends TemplateCase {
  ok: boolean;
  /** Render error, if the template did not run. */
  error?: string;
  goldenDiffs: string[];
  updated: boolean;
  report?: ValidationReport;
}

function readYaml(file: string): any {
  return fs.existsSync(file)
    ? parse(fs.readFileSync(file, 'utf8')) ?? {}
    : undefined;
}

/** The cases of one template folder, or of every template under a root. */
export function findCases(dir: string): TemplateCase[] {
  const templateDirs = fs.existsSync(path.join(dir, 'template.yaml'))
    ? [dir]
    : fs
        .readdirSync(dir, { withFileTypes: true })
        .filter(e => e.isDirectory())
        .map(e => path.join(dir, e.name))
        .filter(d => fs.existsSync(path.join(d, 'template.yaml')))
        .sort();
  if (templateDirs.length === 0) {
    throw new InputError(`${dir} holds no template.yaml`);
  }
  return templateDirs.flatMap(t => {
    const tests = path.join(t, 'tests');
    if (!fs.existsSync(tests)) return [];
    return fs
      .readdirSync(tests, { withFileTypes: true })
      .filter(e => e.isDirectory())
      .filter(e => fs.existsSync(path.join(tests, e.name, 'values.yaml')))
      .map(e => ({
        template: t,
        name: e.name,
        dir: path.join(tests, e.name),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  });
}

/**
 * Renders a case, compares it with `expected/` (or rewrites the goldens with
 * `update`) and validates the rendered tree.
 */
export async function runCase(
  c: TemplateCase,
  options: {
    update?: boolean;
    checks?: CheckName[];
    tools?: ValidationTools;
  } = {},
): Promise<TemplateCaseResult> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'drktrc-template-'));
  const result: TemplateCaseResult = {
    ...c,
    ok: false,
    goldenDiffs: [],
    updated: false,
  };
  try {
    try {
      await renderTemplate({
        templateDir: c.template,
        values: readYaml(path.join(c.dir, 'values.yaml')),
        secrets: readYaml(path.join(c.dir, 'secrets.yaml')),
        outDir: out,
      });
    } catch (e) {
      result.error = (e as Error).message;
      return result;
    }
    const expected = path.join(c.dir, 'expected');
    if (options.update) {
      writeGoldens(out, expected);
      result.updated = true;
    } else {
      result.goldenDiffs = fs.existsSync(expected)
        ? compareWithGoldens(out, expected)
        : [
            `${path.relative(
              process.cwd(),
              expected,
            )}: no goldens; run with --update`,
          ];
    }
    result.report = await validateTree(out, {
      checks: options.checks,
      tools: options.tools,
    });
    result.ok = result.goldenDiffs.length === 0 && result.report.ok;
    return result;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
