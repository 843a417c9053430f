import { InputError } from '@backstage/errors';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Decrypter,
  Encrypter,
  armor,
  generateIdentity,
  identityToRecipient,
} from 'age-encryption';
import { SopsKeyError } from '../format/errors';
import { KeySource, SopsKeyEntry } from './types';

/** Options of {@link AgeKeySource}. @public */
export interface AgeKeySourceOptions {
  /**
   * age identities (secret keys as age-keygen prints them, also post-quantum ones), or the
   * text of identity files (comment lines are skipped).
   */
  identities?: string[];
}

const RECIPIENT_RE = /^age1[a-z0-9]{20,}$/;

/** Splits identity file text into identities. @public */
export function parseAgeIdentities(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'));
}

/**
 * age key source through `age-encryption`: the data key encrypted to an
 * X25519 (or hybrid post-quantum) recipient, ASCII-armored.
 * @public
 */
export class AgeKeySource implements KeySource {
  readonly type = 'age' as const;
  private readonly identities: string[];

  constructor(options: AgeKeySourceOptions = {}) {
    this.identities = (options.identities ?? []).flatMap(parseAgeIdentities);
  }

  entryId(entry: SopsKeyEntry): string {
    return entry.recipient;
  }

  validate(id: string): void {
    if (!RECIPIENT_RE.test(id)) {
      throw new InputError(
        `Malformed age recipient '${id}': expected a bech32 'age1...' public key`,
      );
    }
  }

  async wrap(dataKey: Uint8Array, recipient: string): Promise<SopsKeyEntry> {
    this.validate(recipient);
    const e = new Encrypter();
    try {
      e.addRecipient(recipient);
    } catch (err) {
      throw new InputError(
        `Malformed age recipient '${recipient}': ${(err as Error).message}`,
      );
    }
    const enc = armor.encode(await e.encrypt(dataKey));
    return { recipient, enc: enc.endsWith('\n') ? enc : `${enc}\n` };
  }

  async unwrap(entry: SopsKeyEntry): Promise<Uint8Array> {
    if (this.identities.length === 0) {
      throw new SopsKeyError(
        'no age identities are configured (set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY)',
      );
    }
    const d = new Decrypter();
    for (const identity of this.identities) {
      try {
        d.addIdentity(identity);
      } catch {
        throw new InputError('An age identity is malformed');
      }
    }
    try {
      return await d.decrypt(armor.decode(entry.enc));
    } catch (err) {
      throw new SopsKeyError(
        `no configured age identity opens the data key for ${
          entry.recipient
        } (${(err as Error).message})`,
      );
    }
  }
}

/**
 * Reads the development age identity from `file`, creating it (mode 0600, in
 * a git-ignored folder chosen by the caller) when missing. Returns the
 * recipient and the identity for key sources; never log the identity.
 * @public
 */
export async function ensureAgeIdentityFile(
  file: string,
): Promise<{ recipient: string; identity: string; created: boolean }> {
  let created = false;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const identity = await generateIdentity();
    const recipient = await identityToRecipient(identity);
    fs.writeFileSync(
      file,
      `# drktrc development age key (created ${new Date().toISOString()})\n# public key: ${recipient}\n${identity}\n`,
      { mode: 0o600, flag: 'wx' },
    );
    created = true;
  }
  const [identity] = parseAgeIdentities(fs.readFileSync(file, 'utf8'));
  if (!identity) throw new InputError(`No age identity in ${file}`);
  return { recipient: await identityToRecipient(identity), identity, created };
}

/**
 * The age identities sops would use, as text for {@link AgeKeySource}:
 * `SOPS_AGE_KEY`, the file named by `SOPS_AGE_KEY_FILE` (which must exist),
 * and sops's default file `$XDG_CONFIG_HOME/sops/age/keys.txt` (or
 * `~/.config/sops/age/keys.txt`) when it exists.
 * @public
 */
export function ageIdentitiesFromEnv(
  env: NodeJS.ProcessEnv,
  homeDir: string = os.homedir(),
): string[] {
  const out: string[] = [];
  if (env.SOPS_AGE_KEY) out.push(env.SOPS_AGE_KEY);
  if (env.SOPS_AGE_KEY_FILE) {
    if (!fs.existsSync(env.SOPS_AGE_KEY_FILE)) {
      throw new InputError(
        `SOPS_AGE_KEY_FILE names ${env.SOPS_AGE_KEY_FILE}, which does not exist`,
      );
    }
    out.push(fs.readFileSync(env.SOPS_AGE_KEY_FILE, 'utf8'));
  }
  const defaultFile = path.join(
    env.XDG_CONFIG_HOME || path.join(homeDir, '.config'),
    'sops/age/keys.txt',
  );
  if (defaultFile !== env.SOPS_AGE_KEY_FILE && fs.existsSync(defaultFile))
    out.push(fs.readFileSync(defaultFile, 'utf8'));
  return out;
}
