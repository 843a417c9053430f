import fs from 'node:fs';
import path from 'node:path';

/**
 * SOPS output differs on every run (data key, IVs, MAC, dates): goldens keep
 * the structure, with encrypted values and the metadata block masked.
 */
export function normalizeForGolden(text: string): string {
  if (!/^sops:/m.test(text) && !text.includes('"sops":')) return text;
  return text
    .replace(/ENC\[AES256_GCM,[^\]]*\]/g, 'ENC[AES256_GCM,<masked>]')
    .replace(
      /^sops:\n(?:[ \t-].*\n?)*/gm,
      'sops: <masked: keys, MAC and dates differ on every run>\n',
    );
}

export function listFiles(root: string): string[] {
  const out: string[] = [];
  if (!fs.existsSync(root)) return out;
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), {
      withFileTypes: true,
    })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** Differences between a rendered tree and its goldens, one line each. */
export function compareWithGoldens(
  rendered: string,
  expected: string,
): string[] {
  const diffs: string[] = [];
  const got = listFiles(rendered);
  const want = listFiles(expected);
  for (const f of want) {
    if (!got.includes(f)) diffs.push(`${f}: expected, but not rendered`);
  }
  for (const f of got) {
    if (!want.includes(f)) {
      diffs.push(`${f}: rendered, but not in the goldens`);
      continue;
    }
    const a = fs.readFileSync(path.join(expected, f), 'utf8');
    const b = normalizeForGolden(
      fs.readFileSync(path.join(rendered, f), 'utf8'),
    );
    if (a !== b) {
      const al = a.split('\n');
      const bl = b.split('\n');
      const i = al.findIndex((l, n) => l !== bl[n]);
      const line = i === -1 ? bl.length : i + 1;
      diffs.push(
        `${f}:${line}: expected ${JSON.stringify(
          al[line - 1] ?? '<end>',
        )}, rendered ${JSON.stringify(bl[line - 1] ?? '<end>')}`,
      );
    }
  }
  return diffs;
}

/** Replaces the goldens with the (normalized) rendered tree. */
export function writeGoldens(rendered: string, expected: string) {
  fs.rmSync(expected, { recursive: true, force: true });
  for (const f of listFiles(rendered)) {
    const target = path.join(expected, f);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(
      target,
      normalizeForGolden(fs.readFileSync(path.join(rendered, f), 'utf8')),
    );
  }
}
