import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { forEachStanza } from '../index-model/index.js';
import { cachePaths, loadIndex } from './index-cache.js';
import type { VerifiedPackagesIndex } from './source.js';

// The real bookworm-security index (3,020 paragraphs, names with several versions, Provides): what
// a warm run finds by binary search in the cache must be what the index itself says, name by name.
describeWithReference(
  'parse cache on the real bookworm-security Packages',
  ['patch/debian/bookworm-security-main-amd64-Packages.xz'],
  () => {
    let cacheDir: string;
    let text: string;
    const index = (): VerifiedPackagesIndex => ({
      origin: {
        baseUri: 'http://deb.debian.org/debian-security',
        component: 'main',
        release: { suite: 'bookworm-security' },
      },
      architecture: 'amd64',
      sha256: '6a76270e9f19326bc8681136eba244cc44c18da5f16a5f0d427189e16f24bac1',
      text: async () => text,
    });
    beforeAll(async () => {
      cacheDir = await mkdtemp(join(tmpdir(), 'custody-index-cache-'));
      const xz = requireReferenceData('patch/debian/bookworm-security-main-amd64-Packages.xz');
      text = execFileSync('xz', ['-dc', xz], { maxBuffer: 64 << 20 }).toString('utf8');
    });
    afterAll(async () => rm(cacheDir, { recursive: true, force: true }));

    it('finds every name with all its versions and fields, and every provider', async () => {
      await loadIndex(index(), cacheDir); // cold: parses and writes the entry
      const warm = await loadIndex(index(), cacheDir);
      const expected = new Map<string, { Version?: string; SHA256?: string; Depends?: string }[]>();
      const provides = new Map<string, Set<string>>();
      forEachStanza(text, (s) => {
        const name = s.Package!;
        expected.set(name, [
          ...(expected.get(name) ?? []),
          { Version: s.Version, SHA256: s.SHA256, Depends: s.Depends },
        ]);
        for (const virtual of (s.Provides ?? '').split(',').map((p) => p.trim().split(/[\s(]/)[0]!)) {
          if (virtual !== '') provides.set(virtual, new Set([...(provides.get(virtual) ?? []), name]));
        }
      });
      expect([...expected.values()].some((versions) => versions.length > 1)).toBe(true);
      for (const [name, versions] of expected) {
        const found = warm
          .versionsNamed(name)
          .map((v) => ({ Version: v.stanza.Version, SHA256: v.sha256, Depends: v.stanza.Depends }));
        expect(found, name).toEqual(versions);
      }
      for (const [virtual, names] of provides)
        expect(new Set(warm.providerNames(virtual)), virtual).toEqual(names);
      for (const absent of ['', '0', 'aaaa', 'zzzz-not-there', 'libc6-not'])
        expect(warm.versionsNamed(absent)).toEqual([]);
    });

    it('a damaged entry is parsed again, not trusted', async () => {
      const paths = cachePaths(cacheDir, index().sha256);
      await writeFile(paths.packages, 'garbage');
      const data = await loadIndex(index(), cacheDir);
      expect(data.versionsNamed('openssl').length).toBeGreaterThan(0);
    });
  },
);
