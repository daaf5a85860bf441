import { digestsFromIntegrity, npmPurl } from '@custody/core';
import { normalizeLicenseCached } from '../../license/index.js';
import type {
  Component,
  ComponentScope,
  DependencyKind,
  Hash,
  HashAlgorithm,
  LicenseDefinition,
  Relationship,
} from '../../model/index.js';
import type { Location } from '../../resolver/index.js';
import type { ParsedPackages } from '../cataloger.js';

/** How a JavaScript package was sourced (ComponentMetadata npm `source`). */
export type JsSource = 'registry' | 'git' | 'file' | 'link' | 'tarball' | 'workspace';

/** One package as a lockfile records it, before it becomes a Component. */
export interface JsPackage {
  name: string;
  /** The version; `''` when the lockfile does not say (a workspace folder with no package.json). */
  version: string;
  resolved?: string | undefined;
  integrity?: string | undefined;
  /** The `license` field as written (a string, or npm's legacy `{type}` object). */
  license?: unknown;
  source?: JsSource | undefined;
  /** Where the lockfile records it: a node_modules path, a pnpm or yarn key. */
  lockfilePath?: string | undefined;
  /** The name it was installed under when that differs (`"foo": "npm:bar@1"`). */
  alias?: string | undefined;
  /** The lockfile's own opinion of the scope; the catalog recomputes it from the graph. */
  scope?: ComponentScope | undefined;
  /** Facts with no model field (yarn Berry's checksum, a patch). */
  properties?: Record<string, string> | undefined;
  /** The file that showed the package when it is not the manifest parsed (an installed package.json). */
  evidencePath?: string | undefined;
}

const HASH_ALGORITHMS: Record<string, HashAlgorithm> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
  md5: 'MD5',
};

/** Model hashes of an SRI `integrity` string (`sha512-… sha1-…`). */
export function hashesFromIntegrity(integrity: string): Hash[] {
  const hashes: Hash[] = [];
  for (const digest of digestsFromIntegrity(integrity)) {
    const algorithm = HASH_ALGORITHMS[digest.algorithm];
    if (algorithm !== undefined && !hashes.some((h) => h.algorithm === algorithm))
      hashes.push({ algorithm, value: digest.hex });
  }
  return hashes;
}

/** Splits `name@version` (the name may be scoped) at the `@` that ends the name. */
export function splitNameVersion(spec: string): { name: string; version: string } | undefined {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

const GIT_PREFIX = /^(?:git\+|git:|github:|gitlab:|bitbucket:|gist:|git@)/;

/** Classifies a lockfile `resolved` value (or a version that is really a source spec). */
export function sourceOf(resolved: string | undefined): JsSource {
  if (resolved === undefined || resolved === '') return 'registry';
  if (GIT_PREFIX.test(resolved)) return 'git';
  if (resolved.startsWith('file:')) return /\.(?:tgz|tar\.gz|tar)(?:#.*)?$/.test(resolved) ? 'file' : 'link';
  if (resolved.startsWith('link:') || resolved.startsWith('portal:')) return 'link';
  if (resolved.startsWith('workspace:')) return 'workspace';
  if (/^https?:\/\//.test(resolved)) {
    // npm registries serve tarballs at `<registry>/<name>/-/<name>-<version>.tgz`.
    if (resolved.includes('/-/')) return 'registry';
    if (/^https?:\/\/(?:codeload\.github\.com|github\.com|gitlab\.com|bitbucket\.org)\//.test(resolved))
      return 'git';
    return 'tarball';
  }
  return 'registry';
}

/** A download location: only URLs qualify (SPDX 2.3 §7.7); local paths are left to NOASSERTION. */
function downloadLocationOf(resolved: string | undefined, source: JsSource): string | undefined {
  if (resolved === undefined) return undefined;
  if (source === 'git') {
    if (resolved.startsWith('git+') || resolved.startsWith('git://')) return resolved;
    if (/^https?:\/\//.test(resolved)) return resolved;
    return undefined;
  }
  return /^https?:\/\//.test(resolved) ? resolved : undefined;
}

/** The purl of a package; non-registry sources carry `vcs_url` or `download_url` (purl-spec). */
export function jsPurl(pkg: JsPackage, source: JsSource): string {
  const resolved = pkg.resolved;
  if (source === 'git' && resolved !== undefined)
    return npmPurl(pkg.name, pkg.version, { vcs_url: resolved });
  if ((source === 'tarball' || source === 'file') && resolved !== undefined)
    return npmPurl(pkg.name, pkg.version, { download_url: resolved });
  return npmPurl(pkg.name, pkg.version);
}

/** The license field as a string (`{type: "MIT"}` was npm's legacy form). */
function licenseText(license: unknown): string | undefined {
  if (typeof license === 'string') return license.trim() === '' ? undefined : license;
  if (
    license !== null &&
    typeof license === 'object' &&
    typeof (license as { type?: unknown }).type === 'string'
  )
    return (license as { type: string }).type;
  if (Array.isArray(license)) {
    const types = license.map(licenseText).filter((t): t is string => t !== undefined);
    return types.length > 0 ? types.join(' OR ') : undefined;
  }
  return undefined;
}

type NpmMetadata = Extract<NonNullable<Component['metadata']>, { kind: 'npm' }>;

const KIND_STRENGTH: Record<DependencyKind, number> = { prod: 3, peer: 2, optional: 1, dev: 0 };
const SCOPE_STRENGTH: Record<ComponentScope, number> = { required: 2, optional: 1, dev: 0 };

/**
 * Collects the packages and edges of one lockfile. The same package (same purl, or for a local
 * folder the same path) added twice is one component: its lockfile paths and aliases merge.
 */
export class JsPackageGraph {
  private readonly components = new Map<string, Component>();
  private readonly edges = new Map<string, Relationship>();
  private readonly definitions = new Map<string, LicenseDefinition>();
  readonly warnings: string[] = [];

  constructor(
    private readonly cataloger: string,
    private readonly location: Location,
  ) {}

  /** Adds (or merges) a package and returns its component id. */
  add(pkg: JsPackage, options: { workspace?: boolean; localPath?: string } = {}): string {
    const source: JsSource = options.workspace ? 'workspace' : (pkg.source ?? sourceOf(pkg.resolved));
    const purl = jsPurl(pkg, source);
    // A local folder has no purl qualifier to tell it from the registry package of the same
    // name and version (nor a workspace member with no version from another), so its id
    // carries the path.
    const local =
      options.localPath !== undefined &&
      (source === 'link' || (source === 'workspace' && pkg.version === ''));
    const id = local ? `${purl}#${options.localPath}` : purl;
    const existing = this.components.get(id);
    if (existing !== undefined) {
      this.merge(existing, pkg);
      return id;
    }
    // Built by assignment, not spreads of `cond ? {…} : {}`: this runs once per package before V8
    // optimizes it, where each spread makes and copies an object.
    const metadata: NpmMetadata = { kind: 'npm', source };
    if (pkg.lockfilePath !== undefined) metadata.lockfilePaths = [pkg.lockfilePath];
    if (pkg.resolved !== undefined) metadata.resolved = pkg.resolved;
    if (pkg.integrity !== undefined) metadata.integrity = pkg.integrity;
    if (pkg.alias !== undefined && pkg.alias !== pkg.name) metadata.aliases = [pkg.alias];
    if (options.workspace) metadata.workspace = true;
    const component: Component = { id, type: 'library', name: pkg.name };
    if (pkg.version !== '') component.version = pkg.version;
    component.purl = purl;
    component.filesAnalyzed = false;
    component.evidence = [{ path: pkg.evidencePath ?? this.location.path, cataloger: this.cataloger }];
    component.metadata = metadata;
    if (this.location.layer !== undefined && component.evidence?.[0] !== undefined)
      component.evidence[0].layer = this.location.layer;
    if (pkg.integrity !== undefined) {
      const hashes = hashesFromIntegrity(pkg.integrity);
      if (hashes.length > 0) component.hashes = hashes;
    }
    const download = downloadLocationOf(pkg.resolved, source);
    if (download !== undefined) component.downloadLocation = download;
    if (pkg.scope !== undefined) component.scope = pkg.scope;
    if (pkg.properties !== undefined) component.properties = { ...pkg.properties };
    this.setLicense(component, pkg.license);
    this.components.set(id, component);
    return id;
  }

  private merge(component: Component, pkg: JsPackage): void {
    const metadata = component.metadata;
    if (metadata?.kind !== 'npm') return;
    if (pkg.lockfilePath !== undefined) {
      metadata.lockfilePaths ??= [];
      if (!metadata.lockfilePaths.includes(pkg.lockfilePath)) metadata.lockfilePaths.push(pkg.lockfilePath);
    }
    if (pkg.alias !== undefined && pkg.alias !== pkg.name) {
      metadata.aliases ??= [];
      if (!metadata.aliases.includes(pkg.alias)) metadata.aliases.push(pkg.alias);
    }
    if (metadata.integrity === undefined && pkg.integrity !== undefined) {
      metadata.integrity = pkg.integrity;
      const hashes = hashesFromIntegrity(pkg.integrity);
      if (hashes.length > 0) component.hashes = hashes;
    }
    if (
      pkg.scope !== undefined &&
      (component.scope === undefined || SCOPE_STRENGTH[pkg.scope] > SCOPE_STRENGTH[component.scope])
    )
      component.scope = pkg.scope;
    if (component.licenses?.declared === undefined) this.setLicense(component, pkg.license);
    if (pkg.properties !== undefined) component.properties = { ...pkg.properties, ...component.properties };
  }

  private setLicense(component: Component, license: unknown): void {
    const text = licenseText(license);
    if (text === undefined) return;
    const normalized = normalizeLicenseCached(text);
    component.licenses = { declared: normalized.statement };
    for (const definition of normalized.definitions)
      if (!this.definitions.has(definition.id)) this.definitions.set(definition.id, definition);
  }

  /** Records that a component was installed under another name (`"debug": "npm:obug@1"`). */
  addAlias(id: string, alias: string): void {
    const component = this.components.get(id);
    const metadata = component?.metadata;
    if (component === undefined || metadata?.kind !== 'npm' || alias === component.name) return;
    metadata.aliases ??= [];
    if (!metadata.aliases.includes(alias)) metadata.aliases.push(alias);
  }

  /** True when a component with this id was added. */
  has(id: string): boolean {
    return this.components.has(id);
  }

  /** The component of an id added before. */
  get(id: string): Component | undefined {
    return this.components.get(id);
  }

  /** Records `from DEPENDS_ON to`; of two edges between the same pair, the stronger kind stays. */
  depends(from: string, to: string, kind: DependencyKind): void {
    if (from === to) return;
    const key = `${from}\u0000${to}`;
    const existing = this.edges.get(key);
    if (
      existing?.dependencyKind !== undefined &&
      KIND_STRENGTH[existing.dependencyKind] >= KIND_STRENGTH[kind]
    )
      return;
    this.edges.set(key, { from, to, type: 'DEPENDS_ON', dependencyKind: kind });
  }

  /** Records a problem the parse tolerated. */
  warn(message: string): void {
    this.warnings.push(`${this.location.path}: ${message}`);
  }

  private unresolvedCount = 0;
  private firstUnresolved = '';

  /**
   * Records a dependency the lockfile does not resolve (`parent -> name@range`); the result
   * carries one warning counting them, since an out-of-date lockfile can miss hundreds.
   */
  unresolved(description: string): void {
    if (this.unresolvedCount++ === 0) this.firstUnresolved = description;
  }

  result(): ParsedPackages {
    if (this.unresolvedCount > 0)
      this.warn(
        `${this.unresolvedCount} dependencies are not in the lockfile (first: ${this.firstUnresolved}); is it out of date?`,
      );
    return {
      components: [...this.components.values()],
      relationships: [...this.edges.values()],
      licenseDefinitions: [...this.definitions.values()],
      warnings: this.warnings,
    };
  }
}
