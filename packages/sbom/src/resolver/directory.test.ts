import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryResolver } from './directory.js';
import { MemoryResolver } from './memory.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'custody-resolver-'));
  for (const path of [
    'package.json',
    'src/a.ts',
    '.git/HEAD',
    'node_modules/x/package.json',
    'packages/p/node_modules/y/package.json',
    'packages/p/package.json',
    'examples/e/package.json',
  ]) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), '{}\n');
  }
  // A link back up the tree: following it would loop.
  symlinkSync(root, join(root, 'src/loop'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('DirectoryResolver', () => {
  it('lists files sorted, without .git, node_modules or followed folder links', async () => {
    expect(await new DirectoryResolver(root).paths()).toEqual([
      'examples/e/package.json',
      'package.json',
      'packages/p/package.json',
      'src/a.ts',
      'src/loop',
    ]);
  });

  it('walks node_modules when asked, and leaves out excluded globs', async () => {
    const paths = await new DirectoryResolver(root, {
      includeNodeModules: true,
      exclude: ['examples/**', 'src'],
    }).paths();
    expect(paths).toEqual([
      'node_modules/x/package.json',
      'package.json',
      'packages/p/node_modules/y/package.json',
      'packages/p/package.json',
    ]);
  });

  it('lists a folder (exclusions do not apply) and reads files', async () => {
    const resolver = new DirectoryResolver(root);
    expect(await resolver.list('node_modules')).toEqual([{ name: 'x', directory: true }]);
    expect(await resolver.list('missing')).toBeUndefined();
    expect(await resolver.tryReadText('node_modules/x/package.json')).toBe('{}\n');
    expect(await resolver.tryReadText('nope')).toBeUndefined();
    await expect(resolver.readText('nope')).rejects.toMatchObject({ code: 'UNREADABLE_INPUT' });
    expect(resolver.displayPath('a/b')).toBe(join(root, 'a/b'));
  });
});

describe('MemoryResolver', () => {
  it('answers like a directory', async () => {
    const resolver = new MemoryResolver({ 'b/c.json': '1', 'a.json': '2', 'b/d/e.json': '3' });
    expect(await resolver.paths()).toEqual(['a.json', 'b/c.json', 'b/d/e.json']);
    expect(await resolver.list('b')).toEqual([
      { name: 'c.json', directory: false },
      { name: 'd', directory: true },
    ]);
    expect(await resolver.list('x')).toBeUndefined();
    await expect(resolver.readText('x')).rejects.toMatchObject({ code: 'UNREADABLE_INPUT' });
  });
});
