import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { catalogers, selectCatalogers } from './registry.js';

describe('the cataloger registry', () => {
  it('selects catalogers by tags', () => {
    expect(selectCatalogers(['pnpm']).map((c) => c.name)).toEqual(['pnpm-lock-cataloger']);
    expect(selectCatalogers(['installed']).map((c) => c.name)).toEqual(['node-modules-cataloger']);
    expect(selectCatalogers(['javascript', 'declared'])).toHaveLength(4);
    expect(selectCatalogers()).toHaveLength(catalogers.length);
  });

  it.each([
    ['package-lock.json', 'npm-lock-cataloger'],
    ['apps/web/npm-shrinkwrap.json', 'npm-lock-cataloger'],
    ['pnpm-lock.yaml', 'pnpm-lock-cataloger'],
    ['a/yarn.lock', 'yarn-lock-cataloger'],
    ['bun.lock', 'bun-lock-cataloger'],
    ['package.json', 'node-modules-cataloger'],
  ])('binds %s to %s', (path, name) => {
    const matching = catalogers.filter((c) => picomatch(c.globs)(path)).map((c) => c.name);
    expect(matching).toEqual([name]);
  });
});
