import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';

/**
 * Mixed Backstage versions break start-up, so every @backstage/* package must
 * resolve to one version, the one pinned in the root package.json
 * `resolutions` from the release manifest named in backstage.json.
 */
const root = path.resolve(__dirname, '../../..');
const readJson = (p: string) =>
  JSON.parse(fs.readFileSync(path.join(root, p), 'utf8'));

function lockedBackstageVersions(): Map<string, Set<string>> {
  const lock = fs.readFileSync(path.join(root, 'yarn.lock'), 'utf8');
  const versions = new Map<string, Set<string>>();
  for (const block of lock.split(/\n\n/)) {
    const name = block.match(/^"(@backstage\/[^@"]+)@/)?.[1];
    const version = block.match(/\n {2}version: (\S+)/)?.[1];
    if (name && version) {
      versions.set(name, (versions.get(name) ?? new Set()).add(version));
    }
  }
  return versions;
}

function workspaceManifests(): Array<{ file: string; json: any }> {
  return ['packages', 'plugins'].flatMap(dir =>
    fs
      .readdirSync(path.join(root, dir))
      .map(name => path.join(dir, name, 'package.json'))
      .filter(file => fs.existsSync(path.join(root, file)))
      .map(file => ({ file, json: readJson(file) })),
  );
}

describe('Backstage release', () => {
  const pinned: Record<string, string> = Object.fromEntries(
    Object.entries(readJson('package.json').resolutions ?? {}).filter(([n]) =>
      n.startsWith('@backstage/'),
    ),
  ) as Record<string, string>;
  const locked = lockedBackstageVersions();

  it('is release 1.55.0', () => {
    expect(readJson('backstage.json').version).toBe('1.55.0');
    expect(locked.size).toBeGreaterThan(50);
  });

  it('locks every @backstage package to a single pinned version', () => {
    const problems: string[] = [];
    for (const [name, versions] of locked) {
      if (versions.size !== 1) {
        problems.push(
          `${name} has several versions: ${[...versions].join(', ')}`,
        );
      } else if (pinned[name] !== [...versions][0]) {
        problems.push(
          `${name}@${
            [...versions][0]
          } is not pinned in the root resolutions (pinned: ${
            pinned[name] ?? 'none'
          })`,
        );
      }
    }
    expect(problems).toEqual([]);
  });

  it('has workspace dependency ranges that the pinned versions satisfy', () => {
    const problems: string[] = [];
    for (const { file, json } of workspaceManifests()) {
      for (const section of ['dependencies', 'devDependencies']) {
        for (const [name, range] of Object.entries<string>(
          json[section] ?? {},
        )) {
          if (
            !name.startsWith('@backstage/') ||
            range.startsWith('workspace:')
          ) {
            continue;
          }
          const version = pinned[name];
          if (!version || !semver.satisfies(version, range)) {
            problems.push(
              `${file}: ${name}@${range} vs pinned ${version ?? 'none'}`,
            );
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
