// .deb parsing against dpkg-deb as the oracle, on packages dpkg-deb builds here with every
// compression dpkg supports for control.tar and data.tar.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltDeb, buildDeb } from '../../../../test/helpers/apt-repository.js';
import { openDeb } from './deb.js';

const run = promisify(execFile);
let dir: string;
const debs = new Map<string, BuiltDeb>();
const COMPRESSIONS = ['gzip', 'xz', 'zstd', 'none'] as const;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custody-deb-test-'));
  for (const compression of COMPRESSIONS) {
    debs.set(
      compression,
      await buildDeb(
        {
          name: `hello-${compression}`,
          version: '1:2.0~rc1-3',
          depends: 'libc6 (>= 2.36), adduser | passwd',
          conffile: true,
          compression,
          files: { 'usr/share/doc/hello/README': 'read me\n' },
          scripts: { postinst: '#!/bin/sh\nset -e\necho configured\n', prerm: '#!/bin/sh\nexit 0\n' },
        },
        join(dir, 'work'),
        join(dir, 'out'),
      ),
    );
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function dpkgDeb(...args: string[]): Promise<string> {
  return (await run('dpkg-deb', args, { maxBuffer: 64 << 20 })).stdout;
}

/** `dpkg-deb -c`'s columns: mode string, owner/group, size, name (and "-> target"). */
function modeString(type: string, mode: number): string {
  const kind = type === 'directory' ? 'd' : type === 'symlink' ? 'l' : type === 'link' ? 'h' : '-';
  const bits = ['r', 'w', 'x'];
  let text = '';
  for (let i = 8; i >= 0; i--) text += mode & (1 << i) ? bits[(8 - i) % 3] : '-';
  return kind + text;
}

describe.each(COMPRESSIONS)('a .deb built with dpkg-deb -Z%s', (compression) => {
  it('has the control file, conffiles, md5sums and scripts dpkg-deb -I shows', async () => {
    const deb = debs.get(compression)!;
    const archive = await openDeb(createReadStream(deb.path), deb.path);
    expect(archive.formatVersion).toBe('2.0');
    expect(archive.dataCompression).toBe(compression);
    // ar(1) names the members: their suffixes say the compressions.
    const members = (await run('ar', ['t', deb.path])).stdout.trim().split('\n');
    const suffix = { gzip: '.gz', xz: '.xz', zstd: '.zst', none: '' } as const;
    expect(members).toEqual([
      'debian-binary',
      `control.tar${suffix[archive.controlCompression]}`,
      `data.tar${suffix[archive.dataCompression]}`,
    ]);
    expect(archive.control.files.get('control')?.toString()).toBe(await dpkgDeb('-I', deb.path, 'control'));
    for (const field of ['Package', 'Version', 'Architecture', 'Depends']) {
      expect(archive.control.fields[field], field).toBe((await dpkgDeb('-f', deb.path, field)).trim());
    }
    expect(archive.control.conffiles).toEqual(
      (await dpkgDeb('-I', deb.path, 'conffiles')).trim().split('\n'),
    );
    const md5sums = (await dpkgDeb('-I', deb.path, 'md5sums'))
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/));
    expect([...archive.control.md5sums].sort()).toEqual(md5sums.map(([md5, path]) => [path, md5]).sort());
    expect(archive.control.scripts.postinst).toBe(await dpkgDeb('-I', deb.path, 'postinst'));
    expect(archive.control.scripts.prerm).toBe(await dpkgDeb('-I', deb.path, 'prerm'));
    for await (const _ of archive.entries) {
      // drained so the file closes
    }
  });

  it('streams data.tar entries as dpkg-deb -c lists them, with contents md5sums vouches for', async () => {
    const deb = debs.get(compression)!;
    const archive = await openDeb(createReadStream(deb.path), deb.path);
    const listed: string[] = [];
    const hashed = new Map<string, string>();
    for await (const entry of archive.entries) {
      listed.push(
        `${modeString(entry.type, entry.mode)} ${entry.uname}/${entry.gname} ${entry.size} ${entry.name}${entry.linkname ? ` -> ${entry.linkname}` : ''}`,
      );
      if (entry.type === 'file') {
        const hash = createHash('md5');
        for await (const chunk of entry.body) hash.update(chunk);
        hashed.set(entry.name.replace(/^\.\//, ''), hash.digest('hex'));
      }
    }
    const expected = (await dpkgDeb('-c', deb.path))
      .trim()
      .split('\n')
      .map((line) => {
        const [mode, owner, size, , , ...name] = line.split(/\s+/);
        return `${mode} ${owner} ${size} ${name.join(' ')}`;
      });
    expect(listed).toEqual(expected);
    expect(listed.some((l) => l.endsWith(' ./usr/bin/hello-' + compression))).toBe(true);
    const md5sums = (await dpkgDeb('-I', deb.path, 'md5sums')).trim().split('\n');
    expect(md5sums.length).toBeGreaterThan(1);
    for (const line of md5sums) {
      const [md5, path] = line.split(/\s+/);
      expect(hashed.get(path!), path).toBe(md5);
    }
  });
});

describe('malformed .deb files: DEB_INVALID', () => {
  it('refuses a file that is not an ar archive', async () => {
    await expect(openDeb(Readable.from([Buffer.from('not a deb at all\n')]), 'x.deb')).rejects.toMatchObject({
      code: 'DEB_INVALID',
    });
  });

  it('refuses a truncated .deb while streaming data.tar', async () => {
    const bytes = await readFile(debs.get('gzip')!.path);
    const archive = await openDeb(Readable.from([bytes.subarray(0, bytes.length - 4096)]), 'cut.deb');
    const drain = async () => {
      for await (const entry of archive.entries) for await (const _ of entry.body) void _;
    };
    await expect(drain()).rejects.toMatchObject({ code: 'DEB_INVALID' });
  });
});
