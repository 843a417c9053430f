import fs from 'node:fs';
import path from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { execTool } from '../exec';
import { ValidationTools } from '../tools';
import { Tree } from '../tree';
import { Finding } from '../types';

const HCL_FILE = /\.(hcl|tf)$/;

/** `path:line,col-col: message` diagnostics of HashiCorp's parser. */
function diagnostics(stderr: string, file: string, base: Partial<Finding>) {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const clean = stderr.replace(
    new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'),
    '',
  );
  for (const m of clean.matchAll(/:(\d+),\d+(?:-\d+(?:,\d+)?)?: ([^\n;]+)/g)) {
    const key = `${m[1]}|${m[2]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      check: 'hcl',
      file,
      line: Number(m[1]),
      message: m[2].trim(),
      ...base,
    } as Finding);
  }
  return out;
}

/**
 * Parses and format-checks one file with terragrunt's `hcl format` (HashiCorp's
 * hclparse and hclwrite, as `terraform fmt` uses them). `--stdin` handles
 * `.tf` files too, which `hcl format --check` skips by extension.
 */
async function formatCheck(
  tree: Tree,
  file: string,
  tools: ValidationTools,
): Promise<Finding[]> {
  const text = fs.readFileSync(path.join(tree.root, file), 'utf8');
  const result = await execTool(
    tools.tools.terragrunt.path,
    ['hcl', 'format', '--stdin', '--no-color'],
    { input: text, cwd: tree.root },
  );
  if (result.code !== 0) {
    const found = diagnostics(result.stderr, file, {});
    return found.length
      ? found
      : [
          {
            check: 'hcl',
            file,
            message: `does not parse: ${result.stderr.trim().split('\n')[0]}`,
          },
        ];
  }
  if (result.stdout !== text) {
    const a = text.split('\n');
    const b = result.stdout.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]) + 1;
    return [
      {
        check: 'hcl',
        file,
        line: line || undefined,
        message:
          'not formatted canonically (terragrunt hcl format / tofu fmt would rewrite it)',
      },
    ];
  }
  return [];
}

/** `terragrunt hcl <command>` over the whole tree, errors only. */
function terragruntOnTree(
  tree: Tree,
  tools: ValidationTools,
  command: string[],
) {
  return execTool(
    tools.tools.terragrunt.path,
    [
      'hcl',
      ...command,
      '--no-color',
      '--working-dir',
      tree.root,
      '--log-level',
      'error',
    ],
    { cwd: tree.root },
  );
}

/** `terragrunt hcl validate` over the Terragrunt configuration. */
async function validateTerragrunt(
  tree: Tree,
  tools: ValidationTools,
): Promise<Finding[]> {
  const result = await terragruntOnTree(tree, tools, ['validate', '--json']);
  if (result.code === 0) return [];
  const out: Finding[] = [];
  try {
    const diags = JSON.parse(result.stdout) as {
      severity?: string;
      summary?: string;
      detail?: string;
      filename?: string;
      range?: { filename?: string; start?: { line?: number } };
    }[];
    for (const d of diags) {
      const abs = d.range?.filename ?? d.filename;
      out.push({
        check: 'hcl',
        file: abs
          ? path
              .relative(tree.root, path.resolve(tree.root, abs))
              .split(path.sep)
              .join('/')
          : '.',
        line: d.range?.start?.line,
        message: `terragrunt hcl validate: ${d.summary ?? ''}${
          d.detail ? `; ${d.detail}` : ''
        }`,
      });
    }
  } catch {
    out.push({
      check: 'hcl',
      file: '.',
      message: `terragrunt hcl validate fails: ${result.stderr
        .trim()
        .split('\n')
        .slice(0, 4)
        .join(' ')}`,
    });
  }
  return out;
}

type Blocks = Record<string, any>;

/** Resolves the path expressions Terragrunt configs use for includes and dependencies. */
function resolveTerragruntPath(
  tree: Tree,
  dir: string,
  expr: string,
): string | undefined {
  const parent = expr.match(
    /^\$\{find_in_parent_folders\(\s*(?:"([^"]*)")?\s*\)\}$/,
  );
  if (parent) {
    const name = parent[1] ?? 'root.hcl';
    let d = path.dirname(dir);
    for (;;) {
      const candidate = path.join(d, name);
      if (fs.existsSync(candidate)) return candidate;
      if (path.relative(tree.root, d) === '' || d === path.dirname(d)) {
        return path.join(path.dirname(dir), name); // reported missing
      }
      d = path.dirname(d);
    }
  }
  const literal = expr.replace(/^\$\{get_terragrunt_dir\(\)\}/, '.');
  if (literal.includes('${')) return undefined; // not a literal: left to hcl validate
  return path.resolve(dir, literal);
}

const PINNED_REF = /[?&]ref=(v?\d+\.\d+\.\d+|[0-9a-f]{40})(&|$)/;
const PINNED_REGISTRY = /[?&]version=\d+\.\d+\.\d+(&|$)/;

function isLocal(source: string) {
  return source.startsWith('./') || source.startsWith('../');
}

async function checkStructure(tree: Tree, file: string): Promise<Finding[]> {
  const abs = path.join(tree.root, file);
  const dir = path.dirname(abs);
  let json: Blocks;
  try {
    json = (await parseHcl(file, fs.readFileSync(abs, 'utf8'))) as Blocks;
  } catch {
    return []; // syntax errors are reported by the format check
  }
  const out: Finding[] = [];
  const push = (field: string, message: string) =>
    out.push({ check: 'hcl', file, field, message });
  if (file.endsWith('.hcl')) {
    for (const [name, blocks] of Object.entries<any>(json.include ?? {})) {
      for (const b of [blocks].flat()) {
        const p =
          typeof b.path === 'string'
            ? resolveTerragruntPath(tree, dir, b.path)
            : undefined;
        if (p && !fs.existsSync(p)) {
          push(
            `include.${name}.path`,
            `includes ${path.relative(tree.root, p)}, which does not exist`,
          );
        }
      }
    }
    for (const [name, blocks] of Object.entries<any>(json.dependency ?? {})) {
      for (const b of [blocks].flat()) {
        const p =
          typeof b.config_path === 'string'
            ? resolveTerragruntPath(tree, dir, b.config_path)
            : undefined;
        if (p && !fs.existsSync(path.join(p, 'terragrunt.hcl'))) {
          push(
            `dependency.${name}.config_path`,
            `depends on ${
              path.relative(tree.root, p) || '.'
            }, which is not a Terragrunt unit (no terragrunt.hcl there)`,
          );
        }
      }
    }
    for (const b of [json.terraform ?? []].flat()) {
      const source = b?.source;
      if (
        typeof source === 'string' &&
        !isLocal(source) &&
        !PINNED_REF.test(source) &&
        !PINNED_REGISTRY.test(source)
      ) {
        push(
          'terraform.source',
          `module source '${source}' is not pinned (use ?ref=<tag or commit> or tfr:///...?version=X.Y.Z)`,
        );
      }
    }
  } else {
    for (const [name, blocks] of Object.entries<any>(json.module ?? {})) {
      for (const b of [blocks].flat()) {
        const source = String(b.source ?? '');
        if (isLocal(source)) continue;
        if (/^(git::|github\.com\/|https?:\/\/)/.test(source)) {
          if (!PINNED_REF.test(source)) {
            push(
              `module.${name}.source`,
              `module source '${source}' is not pinned to a tag or commit (?ref=)`,
            );
          }
        } else if (!/^\d+\.\d+\.\d+$/.test(String(b.version ?? ''))) {
          push(
            `module.${name}.version`,
            `registry module '${source}' needs an exact version (got '${
              b.version ?? 'none'
            }')`,
          );
        }
      }
    }
  }
  return out;
}

/**
 * One `terragrunt hcl format --check` over the tree: true when every `.hcl`
 * file parses and is formatted. Starting terragrunt costs about 0.1 s of CPU,
 * so the clean tree (the usual case) is checked in one process and only a
 * failing one is checked file by file for its findings.
 */
async function allHclFormatted(tree: Tree, tools: ValidationTools) {
  const result = await terragruntOnTree(tree, tools, ['format', '--check']);
  return result.code === 0;
}

/**
 * Every `.hcl` and `.tf` file parses and is formatted; the Terragrunt
 * configuration passes `terragrunt hcl validate`; includes and dependencies
 * exist; module sources are pinned.
 */
export async function checkHcl(
  tree: Tree,
  tools: ValidationTools,
): Promise<Finding[]> {
  const files = tree.files.filter(f => HCL_FILE.test(f));
  if (files.length === 0) return [];
  const hclFiles = files.filter(f => f.endsWith('.hcl'));
  const hasTerragrunt = hclFiles.length > 0;
  const [hclClean, terragruntFindings] = await Promise.all([
    hasTerragrunt ? allHclFormatted(tree, tools) : true,
    hasTerragrunt ? validateTerragrunt(tree, tools) : [],
  ]);
  // `.tf` files are not covered by `hcl format --check`: always one by one.
  const toFormat = hclClean ? files.filter(f => !f.endsWith('.hcl')) : files;
  const formatFindings = await Promise.all(
    toFormat.map(f => formatCheck(tree, f, tools)),
  );
  const structure = await Promise.all(files.map(f => checkStructure(tree, f)));
  const findings = [...formatFindings.flat(), ...structure.flat()];
  const broken = new Set(formatFindings.flat().map(f => f.file));
  for (const f of terragruntFindings) {
    // A syntax error already reported for the file is not repeated.
    if (!(broken.has(f.file) && f.line !== undefined)) findings.push(f);
  }
  return findings;
}
