import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatchError } from '../errors.js';
import { readRootfs } from './rootfs.js';

// The dpkg database is this machine's own (copied into a temporary rootfs, so real paragraphs in
// every state); dpkg-query --admindir reading the same copy is the oracle.
describe('reading an unpacked rootfs', () => {
  let root: string;
  let outside: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'custody-rootfs-'));
    outside = await mkdtemp(join(tmpdir(), 'custody-outside-'));
    await mkdir(join(root, 'var/lib/dpkg'), { recursive: true });
    await mkdir(join(root, 'usr/lib'), { recursive: true });
    await mkdir(join(root, 'etc'), { recursive: true });
    await copyFile('/var/lib/dpkg/status', join(root, 'var/lib/dpkg/status'));
    await writeFile(join(root, 'var/lib/dpkg/arch'), 'amd64\ni386\narmhf\n');
    await writeFile(
      join(root, 'usr/lib/os-release'),
      'ID=debian\nVERSION_CODENAME=bookworm\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n',
    );
    // An absolute link must resolve inside the rootfs, never to the host's /usr/lib/os-release.
    await symlink('/usr/lib/os-release', join(root, 'etc/os-release'));
    await writeFile(join(outside, 'os-release'), 'ID=host-leak\n');
    await mkdir(join(root, 'etc/apt/preferences.d'), { recursive: true });
    const pin = (name: string) => `Package: ${name}\nPin: release a=stable\nPin-Priority: 600\n`;
    await writeFile(join(root, 'etc/apt/preferences'), pin('main'));
    await writeFile(join(root, 'etc/apt/preferences.d/b'), pin('b'));
    await writeFile(join(root, 'etc/apt/preferences.d/a.pref'), `${pin('a1')}\n${pin('a2')}`);
    await writeFile(join(root, 'etc/apt/preferences.d/c.disabled'), pin('c'));
    await writeFile(join(root, 'etc/apt/preferences.d/d~'), pin('d'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('lists the installed packages dpkg-query lists', async () => {
    const rootfs = await readRootfs(root);
    const oracle = execFileSync('dpkg-query', [
      `--admindir=${join(root, 'var/lib/dpkg')}`,
      '-W',
      '-f',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
      '${db:Status-Status} ${Package} ${Architecture} ${Version}\n',
    ])
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('not-installed') && !l.startsWith('config-files'))
      .map((l) => l.slice(l.indexOf(' ') + 1))
      .sort();
    const ours = rootfs.installed
      .map((p) => `${p.version.name} ${p.version.architecture} ${p.version.version}`)
      .sort();
    expect(oracle.length).toBeGreaterThan(50);
    expect(ours).toEqual(oracle);
  });

  it('takes the architectures dpkg would', async () => {
    const rootfs = await readRootfs(root);
    const foreign = execFileSync('dpkg', [
      `--admindir=${join(root, 'var/lib/dpkg')}`,
      '--print-foreign-architectures',
    ])
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '');
    expect(rootfs.nativeArch).toBe(execFileSync('dpkg', ['--print-architecture']).toString('utf8').trim());
    expect(rootfs.foreignArchs).toEqual(foreign);
  });

  it('reads os-release through an absolute link, inside the rootfs', async () => {
    const rootfs = await readRootfs(root);
    expect(rootfs.osRelease).toMatchObject({
      ID: 'debian',
      VERSION_CODENAME: 'bookworm',
      PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)',
    });
  });

  it('reads apt preferences as apt_preferences(5) says: the main file, then preferences.d by name, no other extensions', async () => {
    const rootfs = await readRootfs(root);
    expect(rootfs.preferences.map((p) => p.Package)).toEqual(['main', 'a1', 'a2', 'b']);
  });

  it.each([
    ['ROOTFS_NOT_FOUND', async () => join(outside, 'missing')],
    ['DPKG_STATUS_INVALID', async () => outside],
    [
      'DPKG_STATUS_INVALID',
      async () => {
        const bad = join(outside, 'bad');
        await mkdir(join(bad, 'var/lib/dpkg'), { recursive: true });
        await writeFile(join(bad, 'var/lib/dpkg/status'), 'Package: a\nVersion 1\n');
        return bad;
      },
    ],
    [
      'PREFERENCES_INVALID',
      async () => {
        const badPins = join(outside, 'bad-pins');
        await mkdir(join(badPins, 'var/lib/dpkg'), { recursive: true });
        await mkdir(join(badPins, 'etc/apt'), { recursive: true });
        await writeFile(
          join(badPins, 'var/lib/dpkg/status'),
          'Package: dpkg\nVersion: 1.21\nArchitecture: amd64\nStatus: install ok installed\n',
        );
        await writeFile(join(badPins, 'etc/apt/preferences'), 'Package: x\nthis is not a field\n');
        return badPins;
      },
    ],
    [
      'ARCHITECTURE_UNKNOWN',
      async () => {
        const allOnly = join(outside, 'all-only');
        await mkdir(join(allOnly, 'var/lib/dpkg'), { recursive: true });
        await writeFile(
          join(allOnly, 'var/lib/dpkg/status'),
          'Package: a\nVersion: 1\nArchitecture: all\nStatus: install ok installed\n',
        );
        return allOnly;
      },
    ],
  ])('%s', async (code, make) => {
    const path = await make();
    const error = await readRootfs(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PatchError);
    expect((error as PatchError).code).toBe(code);
    expect((error as PatchError).kind).toBe('input');
  });
});
