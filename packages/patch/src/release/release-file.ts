import { PatchError } from '../errors.js';
import { parseStanzas } from '../index-model/index.js';

/** One index a Release lists: its SHA256 and size (the hash apt trusts; MD5Sum and SHA1 are not). */
export interface ReleaseEntry {
  path: string;
  sha256: string;
  size: number;
}

/** The fields of a `Release` file apt reads (https://wiki.debian.org/DebianRepository/Format#A.22Release.22_files). */
export interface ReleaseFile {
  origin?: string;
  label?: string;
  suite?: string;
  codename?: string;
  version?: string;
  date?: Date;
  validUntil?: Date;
  architectures: string[];
  components: string[];
  acquireByHash: boolean;
  notAutomatic: boolean;
  butAutomaticUpgrades: boolean;
  /** `Signed-By:` in the Release itself (fingerprints the next Release must be signed by). */
  signedBy: string[];
  /** Index files by path relative to `dists/SUITE/`, from the `SHA256:` field. */
  files: Map<string, ReleaseEntry>;
  /** Every field as written. */
  fields: Record<string, string>;
}

/** Parses an RFC 2822 date as Release files write it (`Mon, 23 Nov 2026 11:22:37 UTC`). */
export function parseReleaseDate(value: string, field: string, input: string): Date {
  // Date.parse understands `UTC`, `GMT` and numeric zones; apt writes one of those.
  const time = Date.parse(value);
  if (!/^[A-Za-z]{3}, /.test(value) || Number.isNaN(time)) {
    throw new PatchError(
      'RELEASE_INVALID',
      'input',
      `${input}: ${field} "${value}" is not an RFC 2822 date`,
      {
        input,
        hint: 'the repository publishes a malformed Release file',
      },
    );
  }
  return new Date(time);
}

function words(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(/\s+/).filter((w) => w !== '');
}

function yes(value: string | undefined): boolean {
  return value?.toLowerCase() === 'yes';
}

function parseChecksums(value: string, input: string): Map<string, ReleaseEntry> {
  const files = new Map<string, ReleaseEntry>();
  for (const line of value.split('\n')) {
    const parts = words(line);
    if (parts.length === 0) continue;
    const [sha256, size, path] = parts;
    if (parts.length !== 3 || !/^[0-9a-f]{64}$/.test(sha256!) || !/^[0-9]+$/.test(size!)) {
      throw new PatchError('RELEASE_INVALID', 'input', `${input}: malformed SHA256 line "${line.trim()}"`, {
        input,
        expected: 'SHA256 SIZE PATH',
      });
    }
    files.set(path!, { path: path!, sha256: sha256!, size: Number(size) });
  }
  return files;
}

/**
 * Parses the text of a Release file (the signed text of an InRelease). Pure; `input` names the
 * file in errors. A Release without a SHA256 field is refused, as apt refuses one with only
 * MD5Sum/SHA1 ("no strong hash").
 */
export function parseRelease(text: string, input: string): ReleaseFile {
  let stanzas: Record<string, string>[];
  try {
    stanzas = parseStanzas(text);
  } catch (error) {
    throw new PatchError(
      'RELEASE_INVALID',
      'input',
      `${input}: not a Release file: ${(error as Error).message}`,
      {
        input,
        cause: error,
      },
    );
  }
  const fields = stanzas[0];
  if (fields === undefined || stanzas.length !== 1) {
    throw new PatchError(
      'RELEASE_INVALID',
      'input',
      `${input}: expected one paragraph, found ${stanzas.length}`,
      {
        input,
      },
    );
  }
  const checksums = fields.SHA256;
  if (checksums === undefined) {
    throw new PatchError('RELEASE_INVALID', 'input', `${input}: no SHA256 field (apt needs a strong hash)`, {
      input,
    });
  }
  const release: ReleaseFile = {
    architectures: words(fields.Architectures),
    components: words(fields.Components),
    acquireByHash: yes(fields['Acquire-By-Hash']),
    notAutomatic: yes(fields.NotAutomatic),
    butAutomaticUpgrades: yes(fields.ButAutomaticUpgrades),
    signedBy: words(fields['Signed-By']?.replace(/,/g, ' ')),
    files: parseChecksums(checksums, input),
    fields,
  };
  for (const [key, field] of [
    ['origin', 'Origin'],
    ['label', 'Label'],
    ['suite', 'Suite'],
    ['codename', 'Codename'],
    ['version', 'Version'],
  ] as const) {
    const value = fields[field];
    if (value !== undefined) release[key] = value;
  }
  if (fields.Date !== undefined) release.date = parseReleaseDate(fields.Date, 'Date', input);
  if (fields['Valid-Until'] !== undefined) {
    release.validUntil = parseReleaseDate(fields['Valid-Until'], 'Valid-Until', input);
  }
  return release;
}
