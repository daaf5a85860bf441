import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { isCustodyError } from '@custody/core';
import picomatch from 'picomatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Component, Relationship } from '../model/index.js';
import { catalogDirectory, selectManifests } from './catalog.js';
import { assignScopes } from './merge.js';
import { catalogers } from './registry.js';
import { readGitInfo } from './vcs.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'custody-catalog-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Writes files under a new folder of the temp dir. */
function project(name: string, files: Record<string, string>): string {
  const root = join(work, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const LOCK = json({
  name: 'app',
  lockfileVersion: 3,
  packages: {
    '': { name: 'app', version: '1.0.0', dependencies: { a: '^1' } },
    'node_modules/a': { version: '1.0.0', license: 'MIT' },
  },
});

describe('scopes from the graph', () => {
  const c = (id: string): Component => ({ id, type: 'library', name: id });
  const e = (from: string, to: string, dependencyKind: Relationship['dependencyKind']): Relationship => ({
    from,
    to,
    type: 'DEPENDS_ON',
    dependencyKind,
  });

  it.each([
    ['prod path', [e('R', 'x', 'prod')], 'required'],
    ['only a dev path', [e('R', 'd', 'dev'), e('d', 'x', 'prod')], 'dev'],
    [
      'a dev path and a prod path',
      [e('R', 'd', 'dev'), e('d', 'x', 'prod'), e('R', 'p', 'prod'), e('p', 'x', 'prod')],
      'required',
    ],
    ['only through an optional edge', [e('R', 'o', 'optional'), e('o', 'x', 'prod')], 'optional'],
    [
      'optional and dev paths',
      [e('R', 'o', 'optional'), e('o', 'x', 'prod'), e('R', 'x', 'dev')],
      'optional',
    ],
    ['a peer edge', [e('R', 'p', 'prod'), e('p', 'x', 'peer')], 'required'],
  ])('%s', (_, relationships, scope) => {
    const components = ['x', 'd', 'o', 'p'].map(c);
    assignScopes('R', components, relationships);
    expect(components[0]?.scope).toBe(scope);
  });

  it('keeps the lockfile flag of a component no path reaches', () => {
    const orphan: Component = { ...c('x'), scope: 'dev' };
    assignScopes('R', [orphan], []);
    expect(orphan.scope).toBe('dev');
  });
});

describe('manifest discovery', () => {
  it('describes a folder with no manifest by its name alone, with a warning', async () => {
    // docs/package.json has neither a lockfile nor a node_modules: it is not a manifest.
    const dir = project('empty-project', {
      'README.md': 'nothing\n',
      'docs/package.json': json({ name: 'docs' }),
    });
    const result = await catalogDirectory(dir);
    expect(result.root).toMatchObject({ name: 'empty-project', type: 'application' });
    expect(result.components).toEqual([]);
    expect(result.warnings).toEqual([
      `no supported manifest under ${dir}; the SBOM describes the root package alone`,
    ]);
  });

  it('prefers the lockfile over the node_modules tree of the same folder', async () => {
    const dir = project('lock-wins', {
      'package.json': json({ name: 'app', version: '1.0.0', dependencies: { a: '^1' } }),
      'package-lock.json': LOCK,
      'node_modules/a/package.json': json({ name: 'a', version: '1.0.0' }),
      'node_modules/stray/package.json': json({ name: 'stray', version: '9.9.9' }),
    });
    const result = await catalogDirectory(dir);
    expect(result.manifests).toEqual(['package-lock.json']);
    expect(result.components.map((c) => c.name)).toEqual(['a']);
  });

  it('reads an installed node_modules tree when there is no lockfile', async () => {
    const dir = project('installed', {
      'package.json': json({ name: 'app', version: '1.0.0', dependencies: { a: '^1', '@s/b': '^2' } }),
      'node_modules/a/package.json': json({
        name: 'a',
        version: '1.0.0',
        license: 'MIT',
        dependencies: { c: '^1' },
      }),
      'node_modules/a/node_modules/c/package.json': json({ name: 'c', version: '1.5.0' }),
      'node_modules/c/package.json': json({ name: 'c', version: '2.0.0' }),
      'node_modules/@s/b/package.json': json({
        name: '@s/b',
        version: '2.0.0',
        _resolved: 'https://registry.example/@s/b/-/b-2.0.0.tgz',
        _integrity: `sha1-${Buffer.alloc(20, 1).toString('base64')}`,
      }),
    });
    const result = await catalogDirectory(dir);
    expect(result.manifests).toEqual(['package.json']);
    expect(result.components.map((c) => `${c.name}@${c.version}`).sort()).toEqual([
      '@s/b@2.0.0',
      'a@1.0.0',
      'c@1.5.0',
      'c@2.0.0',
    ]);
    const a = result.components.find((c) => c.name === 'a');
    const nested = result.components.find((c) => c.version === '1.5.0');
    expect(result.relationships).toContainEqual({
      from: a?.id,
      to: nested?.id,
      type: 'DEPENDS_ON',
      dependencyKind: 'prod',
    });
    expect(a?.evidence).toEqual([
      { path: 'node_modules/a/package.json', cataloger: 'node-modules-cataloger' },
    ]);
    expect(result.components.find((c) => c.name === '@s/b')?.hashes).toEqual([
      { algorithm: 'SHA-1', value: '01'.repeat(20) },
    ]);
  });

  it('reads npm’s hidden lockfile when node_modules has one', async () => {
    const dir = project('hidden', {
      'package.json': json({ name: 'app', version: '1.0.0', dependencies: { a: '^1' } }),
      'node_modules/.package-lock.json': json({
        name: 'app',
        lockfileVersion: 3,
        packages: {
          'node_modules/a': { version: '1.0.0', integrity: `sha1-${Buffer.alloc(20, 2).toString('base64')}` },
        },
      }),
      'node_modules/a/package.json': json({ name: 'a', version: '1.0.0' }),
    });
    const result = await catalogDirectory(dir);
    expect(result.components[0]?.evidence?.[0]?.path).toBe('node_modules/.package-lock.json');
    expect(result.relationships).toEqual([
      { from: result.root.id, to: result.components[0]?.id, type: 'DEPENDS_ON', dependencyKind: 'prod' },
    ]);
  });

  it('catalogs a nested project under the root, and leaves out excluded paths', async () => {
    const dir = project('nested', {
      'package.json': json({ name: 'outer', version: '2.0.0' }),
      'tools/package.json': json({ name: 'tools', version: '0.0.1' }),
      'tools/package-lock.json': LOCK,
      'examples/demo/package-lock.json': LOCK,
    });
    const result = await catalogDirectory(dir, { exclude: ['examples/**'] });
    expect(result.manifests).toEqual(['tools/package-lock.json']);
    const tools = result.components.find((c) => c.name === 'tools');
    expect(tools).toMatchObject({ type: 'application', version: '0.0.1' });
    expect(result.relationships).toContainEqual({ from: result.root.id, to: tools?.id, type: 'CONTAINS' });
    const a = result.components.find((c) => c.name === 'a');
    expect(result.relationships).toContainEqual({
      from: tools?.id,
      to: a?.id,
      type: 'DEPENDS_ON',
      dependencyKind: 'prod',
    });
  });

  it('skips node_modules unless asked', async () => {
    const dir = project('skip-nm', {
      'package.json': json({ name: 'app', version: '1.0.0' }),
      'package-lock.json': LOCK,
      'node_modules/dep/package-lock.json': LOCK,
    });
    expect((await catalogDirectory(dir)).manifests).toEqual(['package-lock.json']);
    expect((await catalogDirectory(dir, { includeNodeModules: true })).manifests).toEqual([
      'node_modules/dep/package-lock.json',
      'package-lock.json',
    ]);
  });
});

describe('selectManifests', () => {
  // picomatch with dot: true, what the cataloger globs mean, is the oracle for the file-name match.
  const paths = [
    'package-lock.json',
    'a/package-lock.json',
    '.hidden/yarn.lock',
    'xpackage-lock.json',
    'a/package-lock.json.bak',
    'a/b/pnpm-lock.yaml',
    'a/bun.lock',
    'npm-shrinkwrap.json',
    'package.json',
    'a/package.json',
  ];

  it('picks for each cataloger the files picomatch matches with its globs', () => {
    const selected = selectManifests(paths, catalogers);
    for (const cataloger of catalogers) {
      const matches = picomatch([...cataloger.globs], { dot: true });
      const expected = paths.filter((path) => matches(path));
      const got = selected.filter(([c]) => c === cataloger).map(([, path]) => path);
      if (cataloger.tags.includes('installed'))
        expect(got).toEqual([]); // every folder has a lockfile
      else expect(got).toEqual(expected);
    }
    expect(selected.map(([c, path]) => `${c.name}:${path}`)).toContain(
      'yarn-lock-cataloger:.hidden/yarn.lock',
    );
  });

  it('matches other globs through picomatch', () => {
    const custom = { ...catalogers[0]!, name: 'custom', globs: ['a/**/*.lock'] };
    expect(selectManifests(paths, [custom]).map(([, path]) => path)).toEqual(['a/bun.lock']);
  });
});

describe('errors', () => {
  it('NOT_A_DIRECTORY: a missing folder', async () => {
    const error = await catalogDirectory(join(work, 'missing')).catch((e: unknown) => e);
    expect(isCustodyError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'NOT_A_DIRECTORY',
      kind: 'input',
      message: `${join(work, 'missing')}: no such directory`,
    });
  });

  it('NOT_A_DIRECTORY: a file', async () => {
    const file = join(project('a-file', { 'x.txt': 'x\n' }), 'x.txt');
    const error = await catalogDirectory(file).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_A_DIRECTORY', message: `${file}: not a directory` });
  });

  it('UNREADABLE_INPUT: a lockfile that cannot be read', async () => {
    const dir = project('unreadable', { 'package.json': json({ name: 'app' }) });
    symlinkSync(join(dir, 'nowhere.json'), join(dir, 'package-lock.json'));
    const error = await catalogDirectory(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNREADABLE_INPUT', kind: 'input' });
    expect((error as Error).message).toBe(`${join(dir, 'package-lock.json')}: cannot read (ENOENT)`);
  });

  it('MALFORMED_LOCKFILE: names the full path and the line', async () => {
    const dir = project('malformed', {
      'package-lock.json': '{\n  "lockfileVersion": 3,\n  "packages": [}\n}\n',
    });
    const error = await catalogDirectory(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MALFORMED_LOCKFILE', line: 3 });
    expect((error as Error).message).toMatch(
      new RegExp(`^${join(dir, 'package-lock.json')}:3: invalid JSON`),
    );
  });

  it('UNSUPPORTED_LOCKFILE_VERSION: names the version', async () => {
    const dir = project('unknown-version', { 'pnpm-lock.yaml': "lockfileVersion: '4.2'\n" });
    const error = await catalogDirectory(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_LOCKFILE_VERSION', kind: 'input' });
    expect((error as Error).message).toBe(
      `${join(dir, 'pnpm-lock.yaml')}: lockfile version '4.2' is not supported (custody reads pnpm lockfileVersion 5.x, '6.0' and '9.0')`,
    );
  });
});

describe('the root component of a git checkout', () => {
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.com',
      },
    }).trim();

  it('carries the origin URL (without credentials) and HEAD commit, as git itself reports them', async () => {
    const dir = project('checkout', { 'package.json': json({ name: 'app', version: '1.0.0' }) });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'remote', 'add', 'origin', 'https://user:secret@git.example.com/team/app.git');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'first');
    const head = git(dir, 'rev-parse', 'HEAD');
    expect((await catalogDirectory(dir)).root.vcs).toEqual({
      url: 'https://git.example.com/team/app.git',
      commit: head,
      ref: 'refs/heads/main',
    });
    // After `git pack-refs` the branch lives only in packed-refs.
    git(dir, 'pack-refs', '--all');
    expect((await readGitInfo(dir))?.commit).toBe(head);
  });

  it('follows a `.git` file to a worktree’s git directory', async () => {
    const main = join(work, 'checkout');
    const tree = join(work, 'checkout-worktree');
    git(main, 'worktree', 'add', '-q', '-b', 'side', tree);
    git(tree, 'commit', '-q', '--allow-empty', '-m', 'side');
    const info = await readGitInfo(tree);
    expect(info).toEqual({
      url: 'https://git.example.com/team/app.git',
      commit: git(tree, 'rev-parse', 'HEAD'),
      ref: 'refs/heads/side',
    });
    expect(basename(tree)).toBe('checkout-worktree');
  });
});
