// The repository layer against a real apt repository built in setup (dpkg-deb, apt-ftparchive,
// gpg keys generated now) and served on 127.0.0.1: the untouched repository verifies with Ed25519
// and RSA 4096 keys, and every kind of tampering is refused with its own code.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AptTestRepository } from '../../../../test/helpers/apt-repository.js';
import { aptUpdate, writeAptRootfs } from '../../../../test/helpers/apt-update.js';
import { GpgHome, type TestKey } from '../../../../test/helpers/gpg-home.js';
import { StaticServer } from '../../../../test/helpers/static-server.js';
import { openDeb } from '../deb/index.js';
import { parseStanzas } from '../index-model/index.js';
import { readKeyring } from '../release/index.js';
import type { AptSource } from '../sources/index.js';
import { RepositoryCache } from './cache.js';
import { AptRepositorySource } from './repository-source.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let dir: string;
let gpg: GpgHome;
let ed25519: TestKey;
let rsa: TestKey;
let stranger: TestKey;
let repo: AptTestRepository;
let server: StaticServer;
/** Binary keyring files on this machine, as --repo's signed-by would name them. */
let keyPaths: { ed25519: string; rsa: string; both: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custody-repo-test-'));
  gpg = await GpgHome.create();
  ed25519 = await gpg.generateKey({ type: 'ed25519' });
  rsa = await gpg.generateKey({ type: 'rsa4096' });
  stranger = await gpg.generateKey({ type: 'ed25519' });
  repo = await AptTestRepository.build({
    dir: join(dir, 'repo'),
    gpg,
    key: ed25519,
    suites: [
      {
        suite: 'stable',
        packages: [
          { name: 'hello', version: '1.0-1', conffile: true },
          { name: 'hello', version: '1.0-2', conffile: true, depends: 'libhello1 (>= 2.0)' },
          { name: 'libhello1', version: '2.0-1' },
        ],
      },
    ],
    release: { validFor: 7 * 24 * 3600 },
  });
  server = await StaticServer.start(repo.root);
  keyPaths = {
    ed25519: await gpg.writePublicKey(ed25519, join(dir, 'ed25519.gpg')),
    rsa: await gpg.writePublicKey(rsa, join(dir, 'rsa.gpg')),
    both: join(dir, 'both.gpg'),
  };
  await writeFile(
    keyPaths.both,
    Buffer.concat([await readFile(keyPaths.ed25519), await readFile(keyPaths.rsa)]),
  );
});

afterAll(async () => {
  await server?.close();
  await gpg?.close();
  await rm(dir, { recursive: true, force: true });
});

function source(keyring: string, suite = 'stable'): AptSource {
  return {
    uri: server.url,
    suite,
    components: ['main'],
    trusted: false,
    from: 'test',
    fromCommandLine: true,
    signedBy: { kind: 'files', paths: [keyring] },
  };
}

function repository(keyring = keyPaths.both, options: { cache?: RepositoryCache; now?: Date } = {}) {
  return new AptRepositorySource({
    root: join(dir, 'no-rootfs'),
    sources: [source(keyring)],
    architectures: [repo.debs[0]!.architecture],
    ...(options.cache !== undefined ? { cache: options.cache } : {}),
    ...(options.now !== undefined ? { now: () => options.now! } : {}),
  });
}

/** Re-makes stable's Release and signatures as apt-ftparchive and gpg would. */
const release = (options: Parameters<AptTestRepository['release']>[1] = {}) =>
  repo.release('stable', { validFor: 7 * 24 * 3600, ...options });

describe('an untouched repository', () => {
  it('verifies its Ed25519-signed InRelease and reads Packages as apt-ftparchive wrote it', async () => {
    await release();
    const source = repository(keyPaths.ed25519);
    const { signers, release: parsed } = await source.release(source_());
    expect(signers).toEqual([ed25519.fingerprint.toLowerCase()]);
    expect(parsed.suite).toBe('stable');
    const [index] = await source.indexes();
    const text = await index!.text();
    expect(text).toBe(
      await readFile(repo.distPath('stable', 'main', `binary-${index!.architecture}`, 'Packages'), 'utf8'),
    );
    expect(
      parseStanzas(text)
        .map((s) => `${s.Package} ${s.Version}`)
        .sort(),
    ).toEqual(repo.debs.map((d) => `${d.spec.name} ${d.spec.version}`).sort());
    expect(await aptAccepts(keyPaths.ed25519)).toBe(true);
  });

  it('verifies an RSA 4096-signed InRelease', async () => {
    await release({ key: rsa });
    const { signers } = await repository(keyPaths.rsa).release(source_());
    expect(signers).toEqual([rsa.fingerprint.toLowerCase()]);
    expect(await aptAccepts(keyPaths.rsa)).toBe(true);
  });

  it('falls back to Release and Release.gpg when there is no InRelease', async () => {
    await release({ sign: { inRelease: false } });
    const before = server.requests.length;
    const { signers } = await repository().release(source_());
    expect(signers).toEqual([ed25519.fingerprint.toLowerCase()]);
    expect(server.requests.slice(before)).toEqual([
      '/dists/stable/InRelease',
      '/dists/stable/Release',
      '/dists/stable/Release.gpg',
    ]);
    expect(await aptAccepts()).toBe(true);
  });

  it('downloads a .deb identical to the one dpkg-deb built, through the cache', async () => {
    await release();
    const cache = new RepositoryCache(join(dir, 'cache-download'));
    const deb = repo.deb('hello', '1.0-2');
    const target = join(dir, 'hello.deb');
    const source = repository(keyPaths.both, { cache });
    await source.download(
      { url: `${server.url}/${deb.filename}`, sha256: deb.sha256, size: deb.size },
      target,
    );
    // Buffer.equals: vitest's deep equality walks a 300 KB buffer byte by byte, for seconds.
    expect((await readFile(target)).equals(await readFile(deb.path))).toBe(true);
    expect(await cache.has(deb.sha256, deb.size)).toBe(true);
  });
});

let aptRuns = 0;
/** apt's verdict on the repository as it is now, trusting the same keyring (the oracle). */
async function aptAccepts(keyring = keyPaths.both): Promise<boolean> {
  aptRuns += 1;
  const root = await writeAptRootfs(join(dir, `apt-rootfs-${aptRuns}`), {
    'etc/apt/sources.list': `deb ${server.url} stable main\n`,
    'etc/apt/trusted.gpg.d/test.gpg': await readFile(keyring),
  });
  return (await aptUpdate(root, { architecture: repo.debs[0]!.architecture })).accepted;
}

function source_(): AptSource {
  return source(keyPaths.both);
}

async function refusal(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: { code?: string; kind?: string; message?: string }) => error,
  );
}

describe('a .deb fetched and parsed in one pass', () => {
  it('streams through the digest check into the .deb reader', async () => {
    await release();
    const deb = repo.deb('hello', '1.0-2');
    const body = await repository().openDeb({
      url: `${server.url}/${deb.filename}`,
      sha256: deb.sha256,
      size: deb.size,
    });
    const archive = await openDeb(body, deb.filename);
    expect(archive.control.fields.Depends).toBe('libhello1 (>= 2.0)');
    const names: string[] = [];
    for await (const entry of archive.entries) names.push(entry.name);
    expect(names).toContain('./usr/bin/hello');
    expect(names).toContain('./etc/hello/hello.conf');
  });

  it('fails the parse when the bytes do not match Packages: DEB_DIGEST_MISMATCH', async () => {
    await release();
    const deb = repo.deb('hello', '1.0-1');
    const body = await repository().openDeb({
      url: `${server.url}/${deb.filename}`,
      sha256: repo.deb('hello', '1.0-2').sha256,
      size: deb.size,
    });
    const drain = async () => {
      const archive = await openDeb(body, deb.filename);
      for await (const entry of archive.entries) for await (const _ of entry.body) void _;
    };
    await expect(drain()).rejects.toMatchObject({
      code: expect.stringMatching(/DIGEST_MISMATCH|DEB_INVALID/),
    });
  });
});

describe('index variants and transports', () => {
  it('reads Packages.gz when the Release lists no .xz, and plain Packages when it lists neither', async () => {
    const folder = repo.distPath('stable', 'main', `binary-${repo.debs[0]!.architecture}`);
    const expected = await readFile(join(folder, 'Packages'), 'utf8');
    const xz = await readFile(join(folder, 'Packages.xz'));
    const gz = await readFile(join(folder, 'Packages.gz'));
    try {
      await rm(join(folder, 'Packages.xz'));
      await release();
      let before = server.requests.length;
      let [index] = await repository().indexes();
      expect(await index!.text()).toBe(expected);
      expect(server.requests.slice(before).filter((r) => r.includes('binary-'))).toEqual([
        `/dists/stable/main/binary-${repo.debs[0]!.architecture}/Packages.gz`,
      ]);
      await rm(join(folder, 'Packages.gz'));
      await release();
      before = server.requests.length;
      [index] = await repository().indexes();
      expect(await index!.text()).toBe(expected);
      expect(server.requests.slice(before).filter((r) => r.includes('binary-'))).toEqual([
        `/dists/stable/main/binary-${repo.debs[0]!.architecture}/Packages`,
      ]);
    } finally {
      await writeFile(join(folder, 'Packages.xz'), xz);
      await writeFile(join(folder, 'Packages.gz'), gz);
      await release();
    }
  });

  it("reads a file: repository (apt's file method) with the same checks", async () => {
    await release();
    const local = { ...source_(), uri: `file:${repo.root}` };
    const source = new AptRepositorySource({
      root: join(dir, 'no-rootfs'),
      sources: [local],
      architectures: [repo.debs[0]!.architecture],
    });
    const { signers } = await source.release(local);
    expect(signers).toEqual([ed25519.fingerprint.toLowerCase()]);
    const [index] = await source.indexes();
    expect(parseStanzas(await index!.text())).toHaveLength(repo.debs.length);
  });
});

describe('tampering, each refused with its own code (and by apt-get update)', () => {
  it('InRelease edited after signing: RELEASE_SIGNATURE_INVALID', async () => {
    await release();
    const path = repo.distPath('stable', 'InRelease');
    const original = await readFile(path, 'utf8');
    await writeFile(path, original.replace('Label: custody-tests', 'Label: custody-tesTs'));
    const error = await refusal(repository().release(source_()));
    expect(error).toMatchObject({ code: 'RELEASE_SIGNATURE_INVALID', kind: 'input' });
    expect(await aptAccepts()).toBe(false);
  });

  it('signed by a key the source does not trust: RELEASE_KEY_UNKNOWN', async () => {
    await release({ key: stranger });
    expect(await refusal(repository().release(source_()))).toMatchObject({ code: 'RELEASE_KEY_UNKNOWN' });
    expect(await aptAccepts()).toBe(false);
  });

  it('no signature at all: RELEASE_NOT_SIGNED', async () => {
    await release({ sign: { inRelease: false, releaseGpg: false } });
    expect(await refusal(repository().release(source_()))).toMatchObject({ code: 'RELEASE_NOT_SIGNED' });
    expect(await aptAccepts()).toBe(false);
  });

  it('an InRelease that is the plain Release text: RELEASE_NOT_SIGNED', async () => {
    const text = await release({ sign: { inRelease: false } });
    await writeFile(repo.distPath('stable', 'InRelease'), text);
    expect(await refusal(repository().release(source_()))).toMatchObject({ code: 'RELEASE_NOT_SIGNED' });
    expect(await aptAccepts()).toBe(false);
  });

  it('Packages edited: INDEX_DIGEST_MISMATCH', async () => {
    await release();
    const path = repo.distPath('stable', 'main', `binary-${repo.debs[0]!.architecture}`, 'Packages.xz');
    const original = await readFile(path);
    try {
      const edited = Buffer.from(original);
      edited[edited.length - 20] = edited[edited.length - 20]! ^ 0xff;
      await writeFile(path, edited);
      const [index] = await repository().indexes();
      expect(await refusal(index!.text())).toMatchObject({ code: 'INDEX_DIGEST_MISMATCH' });
      expect(await aptAccepts()).toBe(false);
    } finally {
      await writeFile(path, original);
    }
  });

  it('.deb edited: DEB_DIGEST_MISMATCH and nothing written', async () => {
    await release();
    const deb = repo.deb('libhello1', '2.0-1');
    const original = await readFile(deb.path);
    const target = join(dir, 'edited.deb');
    try {
      const edited = Buffer.from(original);
      edited[edited.length - 1] = edited[edited.length - 1]! ^ 0xff;
      await writeFile(deb.path, edited);
      const source = repository(keyPaths.both, { cache: new RepositoryCache(join(dir, 'cache-edited')) });
      const error = await refusal(
        source.download({ url: `${server.url}/${deb.filename}`, sha256: deb.sha256, size: deb.size }, target),
      );
      expect(error).toMatchObject({ code: 'DEB_DIGEST_MISMATCH' });
      await expect(stat(target)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await writeFile(deb.path, original);
    }
  });

  it('Valid-Until in the past: RELEASE_EXPIRED, naming the time', async () => {
    const date = new Date(Date.now() - 2 * DAY);
    await release({ date, validFor: 24 * 3600 });
    const error = await refusal(repository().release(source_()));
    const validUntil = new Date(Math.floor(date.getTime() / 1000) * 1000 + DAY).toISOString();
    expect(error).toMatchObject({ code: 'RELEASE_EXPIRED', message: expect.stringContaining(validUntil) });
    expect(await aptAccepts()).toBe(false);
  });

  it('Date in the future: RELEASE_DATE_IN_FUTURE, naming the time', async () => {
    const date = new Date(Math.floor((Date.now() + DAY) / 1000) * 1000);
    await release({ date });
    const error = await refusal(repository().release(source_()));
    expect(error).toMatchObject({
      code: 'RELEASE_DATE_IN_FUTURE',
      message: expect.stringContaining(date.toISOString()),
    });
    expect(await aptAccepts()).toBe(false);
  });

  it('signed by a key that has expired: RELEASE_KEY_EXPIRED', async () => {
    // Made three days ago with a one-day lifetime, and it signed while it was still valid.
    const made = new Date(Date.now() - 3 * DAY);
    const expired = await gpg.generateKey({ type: 'ed25519', expire: '1d', at: made });
    const keyring = await gpg.writePublicKey(expired, join(dir, 'expired.gpg'));
    const signed = new Date(made.getTime() + 12 * HOUR);
    await release({ key: expired, at: signed, date: signed });
    expect(await refusal(repository(keyring).release(source(keyring)))).toMatchObject({
      code: 'RELEASE_KEY_EXPIRED',
    });
    expect(await aptAccepts(keyring)).toBe(false);
  });

  it('a good signature beside one by an expired trusted key is accepted, as apt accepts it', async () => {
    // apt counts the expired key's signature as worthless, not bad (checked with apt-get update).
    const made = new Date(Date.now() - 3 * DAY);
    const lasting = await gpg.generateKey({ type: 'ed25519', at: made });
    const expired = await gpg.generateKey({ type: 'ed25519', expire: '1d', at: made });
    const keyring = join(dir, 'lasting-and-expired.gpg');
    await writeFile(
      keyring,
      Buffer.concat([
        await gpg.exportPublicKey(lasting, { armor: false }),
        await gpg.exportPublicKey(expired, { armor: false }),
      ]),
    );
    const signed = new Date(made.getTime() + 12 * HOUR);
    await release({ key: [lasting, expired], at: signed, date: signed });
    const { signers } = await repository(keyring).release(source(keyring));
    expect(signers).toEqual([lasting.fingerprint.toLowerCase()]);
    expect(await aptAccepts(keyring)).toBe(true);
  });

  it('signed by a revoked key: RELEASE_KEY_REVOKED', async () => {
    const revoked = await gpg.generateKey({ type: 'ed25519' });
    await release({ key: revoked });
    await gpg.revokeKey(revoked);
    const keyring = await gpg.writePublicKey(revoked, join(dir, 'revoked.gpg'));
    expect(await refusal(repository(keyring).release(source(keyring)))).toMatchObject({
      code: 'RELEASE_KEY_REVOKED',
    });
    expect(await aptAccepts(keyring)).toBe(false);
  });

  it('a SHA-1 signature: RELEASE_WEAK_DIGEST', async () => {
    await release({ key: rsa, digestAlgo: 'SHA1' });
    const inRelease = await readFile(repo.distPath('stable', 'InRelease'), 'utf8');
    expect(inRelease).toContain('Hash: SHA1'); // gpg really made a SHA-1 signature
    expect(await refusal(repository().release(source_()))).toMatchObject({ code: 'RELEASE_WEAK_DIGEST' });
    expect(await aptAccepts()).toBe(false);
  });

  it('a replayed older Release: RELEASE_REPLAYED', async () => {
    const cache = new RepositoryCache(join(dir, 'cache-replay'));
    await release({ date: new Date(Date.now() - HOUR) });
    await repository(keyPaths.both, { cache }).release(source_());
    await release({ date: new Date(Date.now() - 2 * HOUR) });
    const error = await refusal(repository(keyPaths.both, { cache }).release(source_()));
    expect(error).toMatchObject({ code: 'RELEASE_REPLAYED' });
    // A fresh cache has no record: the same Release is accepted, so the record is what refused it.
    await expect(
      repository(keyPaths.both, { cache: new RepositoryCache(join(dir, 'cache-fresh')) }).release(source_()),
    ).resolves.toBeDefined();
  });

  it('a repository that cannot be reached: REPOSITORY_UNREACHABLE, kind network', async () => {
    const closed = await StaticServer.start(repo.root);
    const url = closed.url;
    await closed.close();
    const source = new AptRepositorySource({
      root: join(dir, 'no-rootfs'),
      sources: [{ ...source_(), uri: url }],
      architectures: ['amd64'],
    });
    expect(await refusal(source.release({ ...source_(), uri: url }))).toMatchObject({
      code: 'REPOSITORY_UNREACHABLE',
      kind: 'network',
    });
  });
});

describe('keys the test made, read as apt reads them', () => {
  it('reads binary and armored exports of the same key to the same fingerprint', async () => {
    const binary = await readKeyring(await readFile(keyPaths.ed25519), 'binary');
    const armored = await readKeyring(await gpg.exportPublicKey(ed25519), 'armored');
    expect(binary.map((k) => k.getFingerprint())).toEqual([ed25519.fingerprint.toLowerCase()]);
    expect(armored.map((k) => k.getFingerprint())).toEqual([ed25519.fingerprint.toLowerCase()]);
  });
});
