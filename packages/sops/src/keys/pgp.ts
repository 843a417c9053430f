import { execFile } from 'node:child_process';
import { SopsKeyError } from '../format/errors';
import { KeySource, SopsKeyEntry } from './types';
import { InputError } from '@backstage/errors';

/** Options of {@link PgpKeySource}. @public */
export interface PgpKeySourceOptions {
  /** The gpg binary; default `gpg`. */
  gpgBinary?: string;
  /** GNUPGHOME for gpg; default the environment's. */
  gnupgHome?: string;
}

/**
 * Decrypt-only PGP key source through the `gpg` binary (the data key is an
 * armored PGP message).
 * @public
 */
export class PgpKeySource implements KeySource {
  readonly type = 'pgp' as const;

  constructor(private readonly options: PgpKeySourceOptions = {}) {}

  entryId(entry: SopsKeyEntry): string {
    return entry.fp;
  }

  validate(id: string): void {
    if (!/^[0-9A-Fa-f]{16,40}$/.test(id)) {
      throw new InputError(`Malformed PGP fingerprint '${id}'`);
    }
  }

  unwrap(entry: SopsKeyEntry): Promise<Uint8Array> {
    const env = { ...process.env };
    if (this.options.gnupgHome) env.GNUPGHOME = this.options.gnupgHome;
    return new Promise((resolve, reject) => {
      const child = execFile(
        this.options.gpgBinary ?? 'gpg',
        ['--batch', '--quiet', '--no-tty', '--decrypt'],
        { env, encoding: 'buffer', maxBuffer: 1 << 20 },
        (err, stdout) => {
          if (err) {
            reject(
              new SopsKeyError(
                `gpg could not decrypt the data key for ${entry.fp}`,
              ),
            );
          } else {
            resolve(new Uint8Array(stdout));
          }
        },
      );
      child.stdin?.end(entry.enc);
    });
  }
}
