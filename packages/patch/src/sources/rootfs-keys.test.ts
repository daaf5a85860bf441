// Sources and keys read from a rootfs, checked against apt itself: apt-get update runs with `Dir`
// pointing at the same rootfs (no chroot; state in a temporary directory) against the same
// repository on 127.0.0.1, and must accept or refuse what custody accepts or refuses.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AptTestRepository } from '../../../../test/helpers/apt-repository.js';
import { aptUpdate, writeAptRootfs } from '../../../../test/helpers/apt-update.js';
import { GpgHome, type TestKey } from '../../../../test/helpers/gpg-home.js';
import { StaticServer } from '../../../../test/helpers/static-server.js';
import { AptRepositorySource } from '../fetch/index.js';
import { readAptSources } from './read.js';

let dir: string;
let gpg: GpgHome;
let key: TestKey;
let stranger: TestKey;
let repo: AptTestRepository;
let server: StaticServer;
let arch: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custody-rootfs-keys-'));
  gpg = await GpgHome.create();
  key = await gpg.generateKey({ type: 'ed25519' });
  stranger = await gpg.generateKey({ type: 'ed25519' });
  repo = await AptTestRepository.build({
    dir: join(dir, 'repo'),
    gpg,
    key,
    suites: [{ suite: 'stable', packages: [{ name: 'hello', version: '1.0-1' }] }],
    release: { validFor: 24 * 3600 },
  });
  arch = repo.debs[0]!.architecture;
  server = await StaticServer.start(repo.root);
});

afterAll(async () => {
  await server?.close();
  await gpg?.close();
  await rm(dir, { recursive: true, force: true });
});

function rootfs(name: string, files: Record<string, string | Buffer>): Promise<string> {
  return writeAptRootfs(join(dir, name), files);
}

async function aptAccepts(root: string): Promise<boolean> {
  return (await aptUpdate(root, { architecture: arch })).accepted;
}

async function custodyAccepts(root: string): Promise<{ ok: boolean; code?: string; sources: number }> {
  const sources = await readAptSources(root);
  const source = new AptRepositorySource({ root, sources, architectures: [arch] });
  try {
    for (const s of sources) await source.release(s);
    const [index] = await source.indexes();
    await index!.text();
    return { ok: true, sources: sources.length };
  } catch (error) {
    return { ok: false, code: (error as { code?: string }).code, sources: sources.length };
  }
}

describe('keys apt would use, read from the rootfs', () => {
  it('an armored key in /etc/apt/trusted.gpg.d (no signed-by)', async () => {
    const root = await rootfs('trusted-d', {
      'etc/apt/sources.list': `deb ${server.url} stable main\n`,
      'etc/apt/trusted.gpg.d/custody-test.asc': await gpg.exportPublicKey(key),
    });
    expect(await aptAccepts(root)).toBe(true);
    expect(await custodyAccepts(root)).toEqual({ ok: true, sources: 1 });
  });

  it('an inline armored Signed-By in a deb822 .sources file', async () => {
    const armored = (await gpg.exportPublicKey(key)).toString().trim();
    const signedBy = armored
      .split('\n')
      .map((line) => ` ${line === '' ? '.' : line}`)
      .join('\n');
    const root = await rootfs('inline', {
      'etc/apt/sources.list.d/custody.sources': `Types: deb\nURIs: ${server.url}\nSuites: stable\nComponents: main\nSigned-By:\n${signedBy}\n`,
    });
    expect(await aptAccepts(root)).toBe(true);
    expect(await custodyAccepts(root)).toEqual({ ok: true, sources: 1 });
  });

  it('a binary keyring named by signed-by, read inside the image', async () => {
    // apt would read this path on the host, so apt is not asked here: custody reads it in the rootfs.
    const root = await rootfs('signed-by', {
      'etc/apt/sources.list.d/custody.list': `deb [signed-by=/usr/share/keyrings/custody.gpg] ${server.url} stable main\n`,
      'usr/share/keyrings/custody.gpg': repo.publicKey,
    });
    expect(await custodyAccepts(root)).toEqual({ ok: true, sources: 1 });
  });

  it('signed-by fingerprints select among the trusted keys: the right one passes, another fails', async () => {
    const keys = Buffer.concat([
      await gpg.exportPublicKey(key, { armor: false }),
      await gpg.exportPublicKey(stranger, { armor: false }),
    ]);
    const right = await rootfs('fingerprint-right', {
      'etc/apt/sources.list': `deb [signed-by=${key.fingerprint}] ${server.url} stable main\n`,
      'etc/apt/trusted.gpg.d/keys.gpg': keys,
    });
    expect(await aptAccepts(right)).toBe(true);
    expect(await custodyAccepts(right)).toEqual({ ok: true, sources: 1 });
    const wrong = await rootfs('fingerprint-wrong', {
      'etc/apt/sources.list': `deb [signed-by=${stranger.fingerprint}] ${server.url} stable main\n`,
      'etc/apt/trusted.gpg.d/keys.gpg': keys,
    });
    expect(await aptAccepts(wrong)).toBe(false);
    expect(await custodyAccepts(wrong)).toEqual({ ok: false, code: 'RELEASE_KEY_UNKNOWN', sources: 1 });
  });

  it('only another key trusted: both refuse', async () => {
    const root = await rootfs('stranger', {
      'etc/apt/sources.list': `deb ${server.url} stable main\n`,
      'etc/apt/trusted.gpg.d/stranger.asc': await gpg.exportPublicKey(stranger),
    });
    expect(await aptAccepts(root)).toBe(false);
    expect(await custodyAccepts(root)).toEqual({ ok: false, code: 'RELEASE_KEY_UNKNOWN', sources: 1 });
  });
});
