import { describe, expect, it } from 'vitest';
import { MemoryResolver } from '../../resolver/index.js';
import { findWorkspaceMembers, type PackageManifest, workspaceGlobs } from './package-json.js';

describe('workspaceGlobs', () => {
  it.each<[PackageManifest['workspaces'], string[]]>([
    [
      ['packages/*', './apps/*', 'tools/'],
      ['packages/*', 'apps/*', 'tools'],
    ],
    [{ packages: ['libs/**'] }, ['libs/**']],
    [undefined, []],
  ])('%j → %j', (workspaces, globs) => {
    expect(workspaceGlobs(workspaces === undefined ? {} : { workspaces })).toEqual(globs);
  });
});

describe('findWorkspaceMembers', () => {
  it('finds the folders the globs match that hold a package.json, never inside node_modules', async () => {
    const resolver = new MemoryResolver({
      'app/package.json': '{"workspaces": ["packages/*"]}',
      'app/packages/a/package.json': '{"name": "a"}',
      'app/packages/b/readme.md': 'no manifest',
      'app/packages/a/node_modules/c/package.json': '{"name": "c"}',
      'app/other/d/package.json': '{"name": "d"}',
    });
    const members = await findWorkspaceMembers(resolver, 'app', ['packages/*']);
    expect(members).toEqual([{ path: 'packages/a', manifest: { name: 'a' } }]);
  });
});
