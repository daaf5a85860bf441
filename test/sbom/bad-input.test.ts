import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithReference, runCustody, SBOM_SCHEMA_PATHS } from '#test-helpers';
import { expectValidDocument } from './validate.js';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custody-sbom-bad-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A project folder holding a package.json and, when given, a package-lock.json with `lock` as its text. */
async function projectWith(name: string, lock?: string): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), '{"name":"broken-app","version":"1.0.0"}\n');
  if (lock !== undefined) await writeFile(join(dir, 'package-lock.json'), lock);
  return dir;
}

const V3_HEAD =
  '{\n  "name": "broken-app",\n  "lockfileVersion": 3,\n  "packages": {\n    "": { "name": "broken-app" },\n';

/** Each bad lockfile, and what the one-line error must say about it. */
const CASES: [string, string, RegExp][] = [
  [
    'malformed',
    `${V3_HEAD}    "node_modules/x": { "version": 1.0.0 }\n  }\n}\n`,
    /package-lock\.json:6: .*JSON/,
  ],
  // Cut short after line 5: the error may point at the last line or just past it.
  ['truncated', V3_HEAD, /package-lock\.json:[56]: .*JSON/],
  [
    'unknown version',
    '{\n  "name": "broken-app",\n  "lockfileVersion": 99,\n  "packages": {}\n}\n',
    /package-lock\.json: .*version 99 .*not supported/,
  ],
];

describe('custody sbom DIR: bad input', () => {
  it.each(CASES)(
    'a %s lockfile: one line naming the file, exit 2, no output left',
    async (name, lock, message) => {
      const dir = await projectWith(name.replace(/ /g, '-'), lock);
      const out = join(work, `${name.replace(/ /g, '-')}-out`);
      await mkdir(out);
      const result = await runCustody(['sbom', dir, '-o', join(out, 'sbom.spdx.json')]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(await readdir(out)).toEqual([]);
    },
  );

  it('an unreadable lockfile (a link to nowhere): names it, exit 2, no output left', async () => {
    // Tests run as root here, where file modes do not stop reads; a dangling link still fails the read.
    const dir = await projectWith('unreadable');
    await symlink(join(work, 'missing-target'), join(dir, 'package-lock.json'));
    const out = join(work, 'unreadable-out');
    await mkdir(out);
    const result = await runCustody(['sbom', dir, '-o', join(out, 'sbom.spdx.json')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/package-lock\.json: cannot read/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(await readdir(out)).toEqual([]);
  });

  it.each([
    ['--exclude', ['sbom', '.', '--exclude']],
    ['--version', ['sbom', '.', '--version']],
  ])('a flag missing its value (%s): usage error, exit 2, no stack trace', async (flag, args) => {
    const result = await runCustody(args, { cwd: work });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`Not enough arguments following: ${flag.slice(2)}`);
    expect(result.stderr).toContain('see --help');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain('YError');
  });

  it('a directory that does not exist: exit 2', async () => {
    const result = await runCustody(['sbom', join(work, 'nowhere')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(join(work, 'nowhere'));
    expect(result.stdout).toBe('');
  });
});

describeWithReference('custody sbom DIR: a directory with no manifest', SBOM_SCHEMA_PATHS, () => {
  it('writes a valid SBOM of the root alone and warns on stderr', async () => {
    const dir = join(work, 'plain-folder');
    await mkdir(dir);
    await writeFile(join(dir, 'README.txt'), 'no manifest here\n');
    const result = await runCustody(['sbom', dir]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/warning: no supported manifest/);
    const document = JSON.parse(result.stdout);
    expectValidDocument(document);
    expect(document.packages.map((p: { name: string }) => p.name)).toEqual(['plain-folder']);
    expect(document.relationships).toEqual([
      {
        spdxElementId: 'SPDXRef-DOCUMENT',
        relationshipType: 'DESCRIBES',
        relatedSpdxElement: document.packages[0].SPDXID,
      },
    ]);
  });
});
