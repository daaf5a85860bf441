import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@custody/core';
import { PatchError } from '../errors.js';
import {
  Deb822SyntaxError,
  forEachStanza,
  INDEX_FIELDS,
  PackageVersion,
  type Stanza,
} from '../index-model/index.js';
import type { VerifiedPackagesIndex } from './source.js';

const FIELDS = [...INDEX_FIELDS].filter((f) => f !== 'Status');
const FORMAT = 'custody-index-v1';

/**
 * The parse cache: the fields the resolver reads of every paragraph of a verified `Packages`,
 * keyed by that file's SHA256 from the signed `Release`. A warm run reads one compact file instead
 * of decompressing and parsing tens of MB; the same digest always parses the same, so entries never
 * go stale and can be shared between runs.
 */
export function cachePath(cacheDir: string, sha256: string): string {
  return join(cacheDir, 'index', `${FORMAT}-${sha256}.json`);
}

function fromRows(rows: (string | null)[][]): PackageVersion[] {
  const versions = new Array<PackageVersion>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const stanza: Stanza = {};
    for (let f = 0; f < FIELDS.length; f++) {
      const value = row[f];
      if (value !== null && value !== undefined) stanza[FIELDS[f]!] = value;
    }
    versions[i] = new PackageVersion(stanza);
  }
  return versions;
}

async function readCached(path: string): Promise<PackageVersion[] | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as { format?: unknown; fields?: unknown; rows?: unknown };
    if (parsed.format !== FORMAT || JSON.stringify(parsed.fields) !== JSON.stringify(FIELDS))
      return undefined;
    if (!Array.isArray(parsed.rows)) return undefined;
    return fromRows(parsed.rows as (string | null)[][]);
  } catch {
    return undefined; // a damaged entry is parsed again from the verified index
  }
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

/** The versions of one verified index, from the parse cache when warm. */
export async function loadIndex(index: VerifiedPackagesIndex, cacheDir?: string): Promise<PackageVersion[]> {
  const path = cacheDir === undefined ? undefined : cachePath(cacheDir, index.sha256);
  if (path !== undefined) {
    const cached = await readCached(path);
    if (cached !== undefined) return cached;
  }
  const where = `${index.origin.baseUri} ${index.origin.release.suite ?? ''}/${index.origin.component}/binary-${index.architecture}/Packages`;
  const versions = parsePackagesIndex(await index.text(), where);
  if (path !== undefined) {
    const rows = versions.map((v) => FIELDS.map((f) => v.stanza[f] ?? null));
    await writeFileAtomic(path, JSON.stringify({ format: FORMAT, fields: FIELDS, rows }));
  }
  return versions;
}
