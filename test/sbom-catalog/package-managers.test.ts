import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '#test-helpers';
import { type CatalogResult, catalogDirectory } from '../../packages/sbom/src/catalog/index.js';
import { type LoopbackRegistry, packFixtures, startLoopbackRegistry } from './loopback-registry.js';
import {
  berryOracle,
  bunOracle,
  makeProject,
  npmOracle,
  type Oracle,
  type PackageManager,
  packageManagers,
  pnpmOracle,
  systemNpm,
  yarnV1Oracle,
} from './package-managers.js';

/**
 * Lockfiles written by the real package managers, at the versions that write each format, from
 * the fixture packages in fixtures/sbom/packages packed by the real `npm pack` and served by a
 * loopback registry (no network). The expected package sets are the managers' own listings
 * (`npm ls`, `pnpm list`, `yarn list`, `yarn info`, `bun pm ls`), never custody's output.
 *
 * The fixture project (fixtures/sbom/projects/app, written by hand) depends on:
 *   @custody-fixture/alpha ^1 (→ beta ^1 → gamma ^1), gamma ^1, gamma-alias = npm:gamma@^1,
 *   theta = file:vendor/theta-1.0.0.tgz, zeta ^1 (peer gamma >=1);
 *   dev: delta ^1 (→ beta ^2, gamma ^1); optional: epsilon ^1 (license "SEE LICENSE IN …");
 *   workspace packages/member (fixture-member 0.1.0: beta ^1, zeta ^1; dev: gamma ^2).
 */

/** The SPDX expression each license field of the fixture packages reads as (by hand). */
const EXPRESSIONS: Record<string, string> = {
  MIT: 'MIT',
  'Apache-2.0': 'Apache-2.0',
  'BSD-3-Clause': 'BSD-3-Clause',
  ISC: 'ISC',
  'SEE LICENSE IN LICENSE.txt': 'LicenseRef-SEE-LICENSE-IN-LICENSE.txt',
};

/** Scopes that follow from the fixture's design: dev-only through delta and the member's dev dep. */
const SCOPES: Record<string, 'required' | 'optional' | 'dev'> = {
  '@custody-fixture/alpha@1.0.0': 'required',
  'beta@1.0.0': 'required',
  'gamma@1.0.0': 'required',
  'zeta@1.0.0': 'required',
  'theta@1.0.0': 'required',
  'delta@1.0.0': 'dev',
  'beta@2.0.0': 'dev',
  'epsilon@1.0.0': 'optional',
};

/** Edges that follow from the fixture's manifests, written by hand (the same for every manager). */
const EDGES = [
  'ROOT -> @custody-fixture/alpha@1.0.0 prod',
  'ROOT -> delta@1.0.0 dev',
  'ROOT -> epsilon@1.0.0 optional',
  'ROOT -> gamma@1.0.0 prod',
  'ROOT -> theta@1.0.0 prod',
  '@custody-fixture/alpha@1.0.0 -> beta@1.0.0 prod',
  'beta@1.0.0 -> gamma@1.0.0 prod',
  'delta@1.0.0 -> beta@2.0.0 prod',
  'delta@1.0.0 -> gamma@1.0.0 prod',
];
const WORKSPACE_EDGES = [
  'ROOT -> fixture-member@0.1.0 prod',
  'fixture-member@0.1.0 -> beta@1.0.0 prod',
  'fixture-member@0.1.0 -> gamma@2.0.0 dev',
  'fixture-member@0.1.0 -> zeta@1.0.0 prod',
];

interface Generated {
  manager: PackageManager;
  dir: string;
  result: CatalogResult;
  oracle: Oracle;
  lockfile: string;
}

let work: string;
let registry: LoopbackRegistry;
let tarballSha512: Map<string, string>;
/** The fixture packages' package.json files, by `name@version`. */
let manifests: Map<string, Record<string, unknown>>;
const generated = new Map<string, Generated>();

function oracleOf(manager: PackageManager, stdout: string): Oracle {
  if (manager.name.startsWith('npm')) return npmOracle(stdout, 'ROOT');
  if (manager.name.startsWith('pnpm')) return pnpmOracle(stdout);
  if (manager.name === 'yarn1') return yarnV1Oracle(stdout);
  if (manager.name === 'yarn-berry') return berryOracle(stdout, { 'fixture-member': '0.1.0' });
  const oracle = bunOracle(stdout);
  // bun lists a tarball by its path and a workspace by its folder; the fixture's manifests say
  // theta is 1.0.0 and fixture-member 0.1.0.
  const packages = [...oracle.packages].map((p) =>
    p === 'theta@vendor/theta-1.0.0.tgz'
      ? 'theta@1.0.0'
      : p === 'fixture-member@workspace:packages/member'
        ? 'fixture-member@0.1.0'
        : p,
  );
  return { packages: new Set(packages), edges: oracle.edges };
}

/** Every `name@version` and `alias@version` a component answers to. */
function labelsOf(result: CatalogResult): Map<string, string[]> {
  const labels = new Map<string, string[]>();
  for (const c of result.components) {
    const own = [`${c.name}@${c.version ?? ''}`];
    if (c.metadata?.kind === 'npm')
      for (const alias of c.metadata.aliases ?? []) own.push(`${alias}@${c.version ?? ''}`);
    labels.set(c.id, own);
  }
  return labels;
}

function edgeLabels(result: CatalogResult): Set<string> {
  const name = new Map(result.components.map((c) => [c.id, `${c.name}@${c.version ?? ''}`]));
  name.set(result.root.id, 'ROOT');
  return new Set(
    result.relationships.map((r) => `${name.get(r.from)} -> ${name.get(r.to)} ${r.dependencyKind ?? r.type}`),
  );
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'custody-pm-'));
  const packed = packFixtures(join(repositoryRoot, 'fixtures/sbom/packages'), join(work, 'packed'), [
    systemNpm(),
  ]);
  registry = await startLoopbackRegistry(packed);
  tarballSha512 = new Map(
    packed.map((p) => [
      `${p.manifest.name}@${p.manifest.version}`,
      createHash('sha512').update(readFileSync(p.file)).digest('hex'),
    ]),
  );
  manifests = new Map(packed.map((p) => [`${p.manifest.name}@${p.manifest.version}`, p.manifest]));
  const theta = packed.find((p) => p.manifest.name === 'theta')?.file as string;
  const home = join(work, 'home');
  mkdirSync(home);
  // A fresh HOME: no user npmrc (this machine's sets omit-lockfile-registry-resolved), no global caches.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    npm_config_update_notifier: 'false',
  };
  await Promise.all(
    packageManagers.map(async (manager) => {
      const dir = join(work, manager.name, 'app');
      mkdirSync(join(work, manager.name));
      makeProject(dir, theta, manager.workspaces);
      await manager.install(dir, registry.url, env);
      const listing = await manager.list(dir, env);
      const result = await catalogDirectory(dir);
      generated.set(manager.name, {
        manager,
        dir,
        result,
        oracle: oracleOf(manager, listing),
        lockfile: readFileSync(join(dir, manager.lockfile), 'utf8'),
      });
    }),
  );
}, 240_000);

afterAll(async () => {
  await registry?.close();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe.each(packageManagers.map((m) => [m.name, m] as const))('%s', (name, manager) => {
  const get = (): Generated => generated.get(name) as Generated;

  it(`writes a ${manager.format} that custody reads`, () => {
    const { result, lockfile } = get();
    expect(result.manifests).toEqual([manager.lockfile]);
    expect(result.warnings).toEqual([]);
    const npmVersion = /"lockfileVersion": (\d+)/.exec(lockfile)?.[1];
    if (name === 'npm6') expect(npmVersion).toBe('1');
    if (name === 'npm8') expect(npmVersion).toBe('2');
    if (name === 'npm') expect(npmVersion).toBe('3');
    if (name === 'pnpm8') expect(lockfile).toMatch(/^lockfileVersion: '6\.0'/m);
    if (name === 'pnpm9') expect(lockfile).toMatch(/^lockfileVersion: '9\.0'/m);
    if (name === 'yarn1') expect(lockfile).toMatch(/^# yarn lockfile v1$/m);
    if (name === 'yarn-berry') expect(lockfile).toMatch(/^__metadata:$/m);
    if (name === 'bun') expect(lockfile).toMatch(/"lockfileVersion": \d/);
  });

  it('finds exactly the packages the package manager lists', () => {
    const { result, oracle } = get();
    const labels = labelsOf(result);
    // Every listed name@version is one component (by its name or an alias it was installed as)…
    for (const label of oracle.packages) {
      const matches = [...labels].filter(([, own]) => own.includes(label));
      expect(matches, label).toHaveLength(1);
    }
    // …and every component is listed under one of its names.
    for (const [id, own] of labels)
      expect(
        own.some((l) => oracle.packages.has(l)),
        id,
      ).toBe(true);
  });

  it('records the edges of the fixture manifests', () => {
    const edges = edgeLabels(get().result);
    for (const edge of EDGES) expect(edges).toContain(edge);
    if (manager.workspaces) for (const edge of WORKSPACE_EDGES) expect(edges).toContain(edge);
  });

  it("agrees with the package manager's own parent → child edges where it lists them", () => {
    const { result, oracle } = get();
    const edges = new Set([...edgeLabels(result)].map((e) => e.replace(/ \S+$/, '')));
    // npm, pnpm and Berry name the resolved child of each parent; aliases are listed by alias.
    const aliases = new Map<string, string>([['gamma-alias@1.0.0', 'gamma@1.0.0']]);
    for (const edge of oracle.edges) {
      const [from, to] = edge.split(' -> ') as [string, string];
      expect(edges, edge).toContain(`${aliases.get(from) ?? from} -> ${aliases.get(to) ?? to}`);
    }
  });

  it('marks dev-only and optional packages from the graph', () => {
    const { result } = get();
    for (const [label, scope] of Object.entries(SCOPES)) {
      const component = result.components.find((c) => `${c.name}@${c.version}` === label);
      expect(component?.scope, label).toBe(scope);
    }
    if (manager.workspaces) {
      // The member's dev dependency gamma 2 is dev-only, except for pnpm: there the member's zeta
      // is the variant zeta@1.0.0(gamma@2.0.0), whose snapshot depends on gamma 2, so a prod path
      // (member → zeta → gamma 2) reaches it.
      const gamma2 = result.components.find((c) => c.name === 'gamma' && c.version === '2.0.0');
      expect(gamma2?.scope).toBe(name.startsWith('pnpm') ? 'required' : 'dev');
    }
  });

  it('drops dev-only packages with excludeDev', async () => {
    const pruned = await catalogDirectory(get().dir, { excludeDev: true });
    const labels = pruned.components.map((c) => `${c.name}@${c.version}`);
    expect(labels).not.toContain('delta@1.0.0');
    expect(labels).not.toContain('beta@2.0.0');
    expect(labels).toContain('beta@1.0.0');
    expect(labels).toContain('epsilon@1.0.0');
  });

  it('takes hashes from the lockfile integrity: the SHA-512 of the tarball the registry served', () => {
    const { result } = get();
    for (const component of result.components) {
      const sha512 = tarballSha512.get(`${component.name}@${component.version}`);
      if (sha512 === undefined || component.metadata?.kind !== 'npm' || component.metadata.workspace)
        continue;
      if (name === 'yarn-berry') {
        // Berry's checksum hashes its zip cache entry, not the tarball: a property, never a hash.
        expect(component.hashes).toBeUndefined();
        expect(component.properties?.['yarn:checksum']).toMatch(/^\w+\/[0-9a-f]{128}$/);
      } else if (name === 'yarn1' && component.name === 'theta') {
        // yarn 1 records a local tarball by the SHA-1 in its `resolved` fragment.
        expect(component.hashes?.[0]?.algorithm).toBe('SHA-1');
      } else {
        expect(component.hashes, component.id).toContainEqual({ algorithm: 'SHA-512', value: sha512 });
      }
    }
  });

  it('declares licenses from the lockfile or the installed package.json', () => {
    const { result } = get();
    for (const component of result.components) {
      const manifest = manifests.get(`${component.name}@${component.version}`);
      if (manifest === undefined) continue;
      expect(component.licenses?.declared?.expression, component.id).toBe(
        EXPRESSIONS[manifest.license as string],
      );
    }
    expect(result.licenseDefinitions.map((d) => d.id)).toContain('LicenseRef-SEE-LICENSE-IN-LICENSE.txt');
  });

  it('gives registry packages a registry purl and the local tarball a download_url qualifier', () => {
    const { result } = get();
    expect(result.components.find((c) => c.name === 'beta' && c.version === '1.0.0')?.purl).toBe(
      'pkg:npm/beta@1.0.0',
    );
    expect(result.components.find((c) => c.name === '@custody-fixture/alpha')?.purl).toBe(
      'pkg:npm/%40custody-fixture/alpha@1.0.0',
    );
    expect(result.components.find((c) => c.name === 'theta')?.purl).toBe(
      'pkg:npm/theta@1.0.0?download_url=file%3Avendor%2Ftheta-1.0.0.tgz',
    );
  });
});

describe('pnpm peer-dependency variants', () => {
  it.each(['pnpm8', 'pnpm9'])(
    '%s: two zeta variants in the lockfile are one component with both peer edges',
    (name) => {
      const { result, lockfile } = generated.get(name) as Generated;
      // The lockfile itself has zeta@1.0.0(gamma@1.0.0) and zeta@1.0.0(gamma@2.0.0).
      expect(lockfile).toMatch(/zeta@1\.0\.0\(gamma@1\.0\.0\)/);
      expect(lockfile).toMatch(/zeta@1\.0\.0\(gamma@2\.0\.0\)/);
      expect(result.components.filter((c) => c.name === 'zeta')).toHaveLength(1);
      const edges = edgeLabels(result);
      expect(edges).toContain('zeta@1.0.0 -> gamma@1.0.0 prod');
      expect(edges).toContain('zeta@1.0.0 -> gamma@2.0.0 prod');
    },
  );
});
