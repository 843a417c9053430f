import { generateIdentity, identityToRecipient } from 'age-encryption';
import {
  AgeKeySource,
  KeySourceRegistry,
  SopsIntegrityError,
  SopsKeyError,
  decryptSops,
  encryptSops,
} from '.';

const INPUT =
  'user: alice\npassword: hunter2\nport: 5432\nnote_unencrypted: hello\n';

describe('tampering is detected and named', () => {
  let keySources: KeySourceRegistry;
  let encrypted: string;

  beforeAll(async () => {
    const identity = await generateIdentity();
    keySources = new KeySourceRegistry([
      new AgeKeySource({ identities: [identity] }),
    ]);
    const recipient = await identityToRecipient(identity);
    encrypted = (
      await encryptSops({
        input: INPUT,
        store: 'yaml',
        keys: [{ type: 'age', id: recipient }],
        keySources,
      })
    ).toString();
  });

  /** Decrypts and returns what it threw (the test then names the cause). */
  const decryptError = (input: string, sources = keySources) =>
    decryptSops({ input, store: 'yaml', keySources: sources }).catch(e => e);

  const line = (key: string) =>
    new RegExp(`^${key}: (.*)$`, 'm').exec(encrypted)![1];

  it('opens the untouched file', async () => {
    const { output } = await decryptSops({
      input: encrypted,
      store: 'yaml',
      keySources,
    });
    expect(output.toString()).toBe(INPUT);
  });

  it('a changed encrypted value', async () => {
    const v = line('password');
    const data = /data:([^,]+)/.exec(v)![1];
    const flipped = Buffer.from(data, 'base64');
    flipped[0] ^= 1;
    const tampered = encrypted.replace(
      v,
      v.replace(data, flipped.toString('base64')),
    );
    const err = await decryptError(tampered);
    expect(err).toBeInstanceOf(SopsIntegrityError);
    expect(err.failure).toBe('value-authentication');
    expect(err.message).toMatch(/'password:'.*changed, moved from another key/);
  });

  it('two values swapped between keys', async () => {
    const a = line('user');
    const b = line('password');
    const tampered = encrypted
      .replace(`user: ${a}`, `user: ${b}`)
      .replace(`password: ${b}`, `password: ${a}`);
    const err = await decryptError(tampered);
    expect(err).toBeInstanceOf(SopsIntegrityError);
    expect(err.message).toMatch(/'user:'.*moved from another key/);
  });

  it('a changed plaintext value breaks the MAC', async () => {
    const tampered = encrypted.replace(
      'note_unencrypted: hello',
      'note_unencrypted: hellO',
    );
    const err = await decryptError(tampered);
    expect(err).toBeInstanceOf(SopsIntegrityError);
    expect(err.failure).toBe('mac-mismatch');
    expect(err.message).toMatch(/MAC mismatch/);
  });

  it('an edited lastmodified', async () => {
    const tampered = encrypted.replace(
      /lastmodified: "(\d{4})/,
      (_m, y) => `lastmodified: "${Number(y) - 1}`,
    );
    expect(tampered).not.toBe(encrypted);
    const err = await decryptError(tampered);
    expect(err).toBeInstanceOf(SopsIntegrityError);
    expect(err.failure).toBe('mac-authentication');
    expect(err.message).toMatch(/lastmodified or the MAC was changed/);
  });

  it('a wrong key', async () => {
    const other = new KeySourceRegistry([
      new AgeKeySource({ identities: [await generateIdentity()] }),
    ]);
    const err = await decryptError(encrypted, other);
    expect(err).toBeInstanceOf(SopsKeyError);
    expect(err.message).toMatch(
      /Could not decrypt the data key with any master key \(wrong or missing key\): age age1/,
    );
  });

  it('error messages never contain plaintext values', async () => {
    const v = line('password');
    const tampered = encrypted.replace(v, line('user'));
    const err = await decryptError(tampered);
    expect(err.message).not.toMatch(/hunter2|alice/);
  });
});
