import fs from 'node:fs';
import path from 'node:path';
import { fixturePath, tmpDir } from '../__testUtils__/sops';
import { findSopsConfig, resolveCreationRule } from './sopsConfig';

const fluxConfig = fixturePath('fluxcd-kustomize-controller/.sops.yaml');
const AGE = 'age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29';

describe('.sops.yaml creation rules', () => {
  const resolve = (filePath: string) =>
    resolveCreationRule({
      configText: fs.readFileSync(fluxConfig, 'utf8'),
      configDir: path.dirname(fluxConfig),
      filePath,
    })!;

  it('first match wins, path relative to the config folder', () => {
    expect(resolve('algorithms/pgp.yaml')).toEqual({
      keys: [{ type: 'pgp', id: '35C1A64CD7FC0AB6EB66756B2445463C3234ECE1' }],
      rules: { encrypted_regex: '^(data|stringData)$' },
      ruleIndex: 0,
    });
    expect(resolve('other/json.yaml').rules).toEqual({ encrypted_regex: '.*' });
    expect(resolve('inside/secret.yaml')).toMatchObject({ ruleIndex: 2 });
    expect(resolve('algorithms/age.yaml')).toMatchObject({
      keys: [{ type: 'age', id: AGE }],
      ruleIndex: 2,
    });
    expect(resolve('envs/env.env')).toMatchObject({
      keys: [{ type: 'age', id: AGE }],
      rules: {},
      ruleIndex: 3,
    });
  });

  it('says clearly that several key groups (Shamir) are unsupported', () => {
    expect(() => resolve('files/data.bin')).toThrow(
      /2 key_groups \(Shamir secret sharing\), which is not supported/,
    );
  });

  it('reads flat comma lists and gcp_kms objects in one key group', () => {
    const plan = resolveCreationRule({
      configText: `creation_rules:\n  - age: "age1aaa, age1bbb"\n    gcp_kms: projects/p/locations/l/keyRings/r/cryptoKeys/k\n    mac_only_encrypted: true\n    unencrypted_suffix: _plain\n  - key_groups:\n      - gcp_kms:\n          - resource_id: projects/p/locations/l/keyRings/r/cryptoKeys/z\n`,
      configDir: '/x',
      filePath: '/x/a.yaml',
    })!;
    expect(plan.keys.map(k => k.id)).toEqual([
      'age1aaa',
      'age1bbb',
      'projects/p/locations/l/keyRings/r/cryptoKeys/k',
    ]);
    expect(plan.rules).toEqual({
      unencrypted_suffix: '_plain',
      mac_only_encrypted: true,
    });
  });

  it('finds the nearest .sops.yaml upwards', () => {
    const root = tmpDir();
    fs.mkdirSync(path.join(root, 'a/b'), { recursive: true });
    fs.writeFileSync(path.join(root, '.sops.yaml'), 'creation_rules: []\n');
    expect(findSopsConfig(path.join(root, 'a/b'), root)).toBe(
      path.join(root, '.sops.yaml'),
    );
    expect(
      findSopsConfig(path.join(root, 'a/b'), path.join(root, 'a')),
    ).toBeUndefined();
  });
});
