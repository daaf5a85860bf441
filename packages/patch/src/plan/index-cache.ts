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

const FORMAT = 'custody-index-v2';

/**
 * The parse cache of one verified `Packages`, keyed by that file's SHA256 from the signed
 * `Release`: `…-SHA.packages` holds only the fields the resolver reads, paragraph after paragraph;
 * `…-SHA.json` the byte range of each package name's paragraphs and who provides which virtual
 * name. A warm run reads both and parses only the paragraphs the plan asks for. The same digest
 * always yields the same files, so entries never go stale and can be shared between runs.
 */
export function cachePaths(cacheDir: string, sha256: string): { packages: string; names: string } {
  const base = join(cacheDir, 'index', `${FORMAT}-${sha256}`);
  return { packages: `${base}.packages`, names: `${base}.json` };
}

interface NamesFile {
  format: string;
  /** Package names, one a paragraph, joined by "\n". */
  names: string;
  /** Byte offset and length of each paragraph, flat: [offset0, length0, offset1, …]. */
  ranges: number[];
  /** Virtual name to the names of packages that provide it. */
  providers: Record<string, string[]>;
}

/** Index data read lazily from a cache entry. */
class CachedIndexData implements PackageIndexData {
  private readonly ranges = new Map<string, number[]>();
  private readonly parsed = new Map<string, PackageVersion[]>();

  constructor(
    private readonly bytes: Buffer,
    file: NamesFile,
  ) {
    const names = file.names.split('\n');
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const list = this.ranges.get(name);
      if (list === undefined) this.ranges.set(name, [i]);
      else list.push(i);
    }
    this.flat = file.ranges;
    this.providers = file.providers;
  }

  private readonly flat: number[];
  private readonly providers: Record<string, string[]>;

  versionsNamed(name: string): readonly PackageVersion[] {
    let versions = this.parsed.get(name);
    if (versions !== undefined) return versions;
    versions = [];
    for (const i of this.ranges.get(name) ?? []) {
      const offset = this.flat[2 * i]!;
      const text = this.bytes.toString('utf8', offset, offset + this.flat[2 * i + 1]!);
      for (const stanza of parseStanzas(text)) versions.push(new PackageVersion(stanza));
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
    const file = JSON.parse(await readFile(paths.names, 'utf8')) as NamesFile;
    if (file.format !== FORMAT || !Array.isArray(file.ranges) || typeof file.names !== 'string')
      return undefined;
    return new CachedIndexData(await readFile(paths.packages), file);
  } catch {
    return undefined; // absent or damaged: parsed again from the verified index
  }
}

async function writeCache(cacheDir: string, sha256: string, versions: PackageVersion[]): Promise<void> {
  const paths = cachePaths(cacheDir, sha256);
  const parts: string[] = [];
  const ranges: number[] = [];
  const providers = new Map<string, string[]>();
  let offset = 0;
  for (const version of versions) {
    let text = '';
    for (const [field, value] of Object.entries(version.stanza))
      text += `${field}: ${value.replaceAll('\n', '\n ')}\n`;
    text += '\n';
    const length = Buffer.byteLength(text);
    ranges.push(offset, length);
    offset += length;
    parts.push(text);
    for (const virtual of providedNames(version)) {
      const names = providers.get(virtual);
      if (names === undefined) providers.set(virtual, [version.name]);
      else if (!names.includes(version.name)) names.push(version.name);
    }
  }
  await writeFileAtomic(paths.packages, parts.join(''));
  const names: NamesFile = {
    format: FORMAT,
    names: versions.map((v) => v.name).join('\n'),
    ranges,
    providers: Object.fromEntries(providers),
  };
  await writeFileAtomic(paths.names, JSON.stringify(names));
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
