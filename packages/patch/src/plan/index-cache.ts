import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@custody/core';
import { PatchError } from '../errors.js';
import {
  Deb822SyntaxError,
  forEachStanza,
  INDEX_FIELDS,
  InMemoryIndexData,
  type PackageIndexData,
  PackageVersion,
  parseStanzas,
  providedNames,
} from '../index-model/index.js';
import type { VerifiedPackagesIndex } from './source.js';

const FORMAT = 'custody-index-v3';
const PACKAGE = Buffer.from('Package: ');
const BLANK_LINE = Buffer.from('\n\n');

/**
 * The parse cache of one verified `Packages`, keyed by that file's SHA256 from the signed
 * `Release`: `…-SHA.packages` holds only the fields the resolver reads, paragraphs sorted by package
 * name so that a warm run finds a name by binary search over the bytes, with no index to load;
 * `…-SHA.provides.json` says which packages provide which virtual names. A warm run parses only
 * the paragraphs the plan asks for. The same digest always yields the same files, so entries never
 * go stale and can be shared between runs.
 */
export function cachePaths(cacheDir: string, sha256: string): { packages: string; provides: string } {
  const base = join(cacheDir, 'index', `${FORMAT}-${sha256}`);
  return { packages: `${base}.packages`, provides: `${base}.provides.json` };
}

/** Index data read lazily from a cache entry: paragraphs sorted by name, found by binary search. */
class CachedIndexData implements PackageIndexData {
  private readonly parsed = new Map<string, PackageVersion[]>();

  constructor(
    private readonly bytes: Buffer,
    private readonly providers: Record<string, string[]>,
  ) {}

  /** The first paragraph start at or after byte `position` (paragraphs end with a blank line). */
  private startAtOrAfter(position: number): number {
    if (position <= 0) return 0;
    const blank = this.bytes.indexOf(BLANK_LINE, Math.max(0, position - 2)); // a negative offset counts from the end
    return blank < 0 ? this.bytes.length : blank + 2;
  }

  private nameAt(start: number): string {
    const end = this.bytes.indexOf(10, start);
    return this.bytes.toString('latin1', start + PACKAGE.length, end < 0 ? this.bytes.length : end);
  }

  /** The first paragraph whose name is not below `name`. */
  private lowerBound(name: string): number {
    let low = 0;
    let high = this.bytes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const start = this.startAtOrAfter(middle);
      if (start >= high) {
        high = middle;
      } else if (this.nameAt(start) < name) {
        low = start + 1;
      } else {
        high = start;
      }
    }
    return this.startAtOrAfter(low);
  }

  versionsNamed(name: string): readonly PackageVersion[] {
    let versions = this.parsed.get(name);
    if (versions !== undefined) return versions;
    versions = [];
    for (let start = this.lowerBound(name); start < this.bytes.length && this.nameAt(start) === name; ) {
      const blank = this.bytes.indexOf(BLANK_LINE, start);
      const end = blank < 0 ? this.bytes.length : blank + 2;
      for (const stanza of parseStanzas(this.bytes.toString('utf8', start, end))) {
        versions.push(new PackageVersion(stanza));
      }
      start = end;
    }
    this.parsed.set(name, versions);
    return versions;
  }

  providerNames(virtual: string): readonly string[] {
    return Object.hasOwn(this.providers, virtual) ? this.providers[virtual]! : [];
  }
}

async function readCached(cacheDir: string, sha256: string): Promise<PackageIndexData | undefined> {
  const paths = cachePaths(cacheDir, sha256);
  try {
    const providers = JSON.parse(await readFile(paths.provides, 'utf8')) as {
      format?: unknown;
      providers?: unknown;
    };
    if (
      providers.format !== FORMAT ||
      typeof providers.providers !== 'object' ||
      providers.providers === null
    ) {
      return undefined;
    }
    const bytes = await readFile(paths.packages);
    if (bytes.length > 0 && !bytes.subarray(0, PACKAGE.length).equals(PACKAGE)) return undefined;
    return new CachedIndexData(bytes, providers.providers as Record<string, string[]>);
  } catch {
    return undefined; // absent or damaged: parsed again from the verified index
  }
}

async function writeCache(cacheDir: string, sha256: string, versions: PackageVersion[]): Promise<void> {
  const paths = cachePaths(cacheDir, sha256);
  const sorted = [...versions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const parts: string[] = [];
  const providers = new Map<string, string[]>();
  for (const version of sorted) {
    let text = `Package: ${version.name}\n`;
    for (const [field, value] of Object.entries(version.stanza)) {
      if (field !== 'Package') text += `${field}: ${value.replaceAll('\n', '\n ')}\n`;
    }
    parts.push(`${text}\n`);
    for (const virtual of providedNames(version)) {
      const names = providers.get(virtual);
      if (names === undefined) providers.set(virtual, [version.name]);
      else if (!names.includes(version.name)) names.push(version.name);
    }
  }
  await writeFileAtomic(paths.packages, parts.join(''));
  // Written last: its presence says the entry is complete.
  await writeFileAtomic(
    paths.provides,
    JSON.stringify({ format: FORMAT, providers: Object.fromEntries(providers) }),
  );
}

/** Parses a `Packages` text into versions (only the fields the resolver reads). */
export function parsePackagesIndex(text: string, input: string): PackageVersion[] {
  const versions: PackageVersion[] = [];
  try {
    forEachStanza(text, (stanza) => versions.push(new PackageVersion(stanza)), INDEX_FIELDS);
  } catch (error) {
    if (error instanceof Deb822SyntaxError) {
      throw new PatchError('INDEX_INVALID', 'input', `${input}: ${error.message}`, {
        input,
        line: error.line,
      });
    }
    throw error;
  }
  return versions;
}

/** The data of one verified index: from the parse cache when warm, else parsed (and cached). */
export async function loadIndex(index: VerifiedPackagesIndex, cacheDir?: string): Promise<PackageIndexData> {
  if (cacheDir !== undefined) {
    const cached = await readCached(cacheDir, index.sha256);
    if (cached !== undefined) return cached;
  }
  const where = `${index.origin.baseUri} ${index.origin.release.suite ?? ''}/${index.origin.component}/binary-${index.architecture}/Packages`;
  const versions = parsePackagesIndex(await index.text(), where);
  if (cacheDir !== undefined) await writeCache(cacheDir, index.sha256, versions);
  return new InMemoryIndexData(versions);
}
