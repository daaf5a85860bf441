/**
 * A throw-away GnuPG home for tests: keys generated at test time (the clock moves; fixed-date keys
 * rot), signatures made by `gpg` itself, and the agent stopped on close. One GpgHome per test file.
 *
 *   const gpg = await GpgHome.create();
 *   const key = await gpg.generateKey({ type: 'ed25519' });
 *   const armored = await gpg.exportPublicKey(key);            // or { armor: false } for a keyring
 *   const inRelease = await gpg.clearsign(releaseText, key);   // or [key1, key2]; --digest-algo, --faked-system-time
 *   await gpg.close();                                         // gpgconf --kill all, removes the dir
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Key algorithms tests sign with: Debian's archive keys are RSA 4096, newer repositories Ed25519. */
export type TestKeyType = 'ed25519' | 'rsa2048' | 'rsa4096';

/** A key in a GpgHome. */
export interface TestKey {
  type: TestKeyType;
  fingerprint: string;
  /** The last 16 hex digits of the fingerprint (upper case, as gpg prints it). */
  keyId: string;
  uid: string;
}

export interface GenerateKeyOptions {
  type?: TestKeyType;
  /** The user id; a unique one is made when absent. */
  uid?: string;
  /** gpg's expire argument: `never` (default), `1d`, `2y`, or seconds like `seconds=60`. */
  expire?: string;
  /** Generate as if the clock said this (gpg --faked-system-time), e.g. to make a key already expired. */
  at?: Date;
}

export interface SignOptions {
  /** `SHA256` (default), `SHA512`, or `SHA1` (weak; gpg is told to allow it). */
  digestAlgo?: string;
  /** Sign as if the clock said this (gpg --faked-system-time, frozen). */
  at?: Date;
}

/** gpg's `--faked-system-time` argument: `YYYYMMDDThhmmss!` (the `!` freezes the clock). */
function fakedTime(at: Date): string {
  return `${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, '')}!`;
}

let uidCounter = 0;

/** A temporary GNUPGHOME. */
export class GpgHome {
  private constructor(readonly dir: string) {}

  /** Makes a fresh home (mode 0700, as gpg wants). */
  static async create(): Promise<GpgHome> {
    const dir = await mkdtemp(join(tmpdir(), 'custody-gnupg-'));
    await chmod(dir, 0o700);
    return new GpgHome(dir);
  }

  /** Runs gpg in this home; resolves with stdout as bytes. */
  gpg(args: string[], input?: Uint8Array | string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        'gpg',
        ['--batch', '--no-tty', '--quiet', '--pinentry-mode', 'loopback', '--passphrase', '', ...args],
        {
          env: { ...process.env, GNUPGHOME: this.dir, LC_ALL: 'C' },
          encoding: 'buffer',
          maxBuffer: 64 << 20,
        },
        (error, stdout, stderr) => {
          if (error)
            reject(new Error(`gpg ${args.join(' ')} failed: ${stderr.toString()}`, { cause: error }));
          else resolve(stdout);
        },
      );
      // gpg may exit before reading stdin (nothing to read): that EPIPE is not an error.
      child.stdin?.on('error', () => {});
      child.stdin?.end(input ?? '');
    });
  }

  /** Generates a signing-only primary key without passphrase. */
  async generateKey(options: GenerateKeyOptions = {}): Promise<TestKey> {
    const type = options.type ?? 'ed25519';
    uidCounter += 1;
    const uid =
      options.uid ?? `custody test key ${process.pid}-${uidCounter} <key${uidCounter}@custody.invalid>`;
    const timeArgs = options.at !== undefined ? ['--faked-system-time', fakedTime(options.at)] : [];
    await this.gpg([...timeArgs, '--quick-gen-key', uid, type, 'sign', options.expire ?? 'never']);
    const listing = (await this.gpg(['--with-colons', '--list-keys', `=${uid}`])).toString();
    const fingerprint = /^fpr:+([0-9A-F]{40,64}):/m.exec(listing)?.[1];
    if (fingerprint === undefined) throw new Error(`gpg made no key for ${uid}: ${listing}`);
    return { type, fingerprint, keyId: fingerprint.slice(-16), uid };
  }

  /** The public key: armored by default, else binary (a keyring file as apt's signed-by accepts). */
  exportPublicKey(key: TestKey, options: { armor?: boolean } = {}): Promise<Buffer> {
    return this.gpg([...(options.armor === false ? [] : ['--armor']), '--export', key.fingerprint]);
  }

  /** Writes the public key to `path` (binary unless `armor`). */
  async writePublicKey(key: TestKey, path: string, options: { armor?: boolean } = {}): Promise<string> {
    await writeFile(path, await this.exportPublicKey(key, { armor: options.armor ?? false }));
    return path;
  }

  /** Revokes the key with the revocation certificate gpg made at generation. */
  async revokeKey(key: TestKey): Promise<void> {
    const certificate = await readFile(join(this.dir, 'openpgp-revocs.d', `${key.fingerprint}.rev`), 'utf8');
    // gpg prefixes the armor header with ':' so the certificate is not imported by accident.
    await this.gpg(['--import'], certificate.replace(/^:-----BEGIN/m, '-----BEGIN'));
  }

  /** An InRelease: the text clearsigned. */
  clearsign(text: Uint8Array | string, key: TestKey | TestKey[], options: SignOptions = {}): Promise<Buffer> {
    return this.gpg([...this.signArgs(key, options), '--clearsign'], text);
  }

  /** A Release.gpg: an armored detached signature. */
  detachSign(
    data: Uint8Array | string,
    key: TestKey | TestKey[],
    options: SignOptions = {},
  ): Promise<Buffer> {
    return this.gpg([...this.signArgs(key, options), '--armor', '--detach-sign'], data);
  }

  /** Several keys make several signatures in one message, as Debian signs with two keys. */
  private signArgs(key: TestKey | TestKey[], options: SignOptions): string[] {
    const digest = options.digestAlgo ?? 'SHA256';
    return [
      ...(Array.isArray(key) ? key : [key]).flatMap((k) => ['--local-user', `${k.fingerprint}!`]),
      '--digest-algo',
      digest,
      ...(digest.toUpperCase() === 'SHA1' ? ['--allow-weak-digest-algos'] : []),
      ...(options.at !== undefined ? ['--faked-system-time', fakedTime(options.at)] : []),
    ];
  }

  /** Stops this home's gpg-agent and removes the directory. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      execFile('gpgconf', ['--kill', 'all'], { env: { ...process.env, GNUPGHOME: this.dir } }, () =>
        resolve(),
      );
    });
    await rm(this.dir, { recursive: true, force: true });
  }
}
