import type { PackageURL } from 'packageurl-js';
import { lazyRequire } from '../lazy/require.js';

const packageUrlLibrary = lazyRequire<typeof import('packageurl-js')>('packageurl-js');

import { CoreError } from '../errors/index.js';

/** The parts of a package URL (purl spec: github.com/package-url/purl-spec). */
export interface Purl {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers?: Record<string, string>;
  subpath?: string;
}

/** Formats a purl with the reference implementation's canonical encoding. */
export function formatPurl(purl: Purl): string {
  try {
    return new (packageUrlLibrary().PackageURL)(
      purl.type,
      purl.namespace ?? undefined,
      purl.name,
      purl.version ?? undefined,
      purl.qualifiers ?? undefined,
      purl.subpath ?? undefined,
    ).toString();
  } catch (cause) {
    throw new CoreError(
      'INVALID_PURL',
      'input',
      `cannot form a purl for ${purl.type}/${purl.name}: ${String(cause)}`,
      {
        cause,
      },
    );
  }
}

/** Parses a purl string; a malformed one is an input error naming it. */
export function parsePurl(value: string, input?: string): Purl {
  let parsed: PackageURL;
  try {
    parsed = packageUrlLibrary().PackageURL.fromString(value);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new CoreError('INVALID_PURL', 'input', `invalid purl "${value}": ${reason}`, {
      ...(input !== undefined ? { input } : {}),
      cause,
    });
  }
  const out: Purl = { type: parsed.type, name: parsed.name };
  if (parsed.namespace) out.namespace = parsed.namespace;
  if (parsed.version) out.version = parsed.version;
  if (parsed.qualifiers && Object.keys(parsed.qualifiers).length > 0)
    out.qualifiers = { ...parsed.qualifiers };
  if (parsed.subpath) out.subpath = parsed.subpath;
  return out;
}

/** Parses a purl, or returns undefined when it is malformed. */
export function tryParsePurl(value: string): Purl | undefined {
  try {
    return parsePurl(value);
  } catch {
    return undefined;
  }
}

/** The purl of an npm package: `pkg:npm/%40scope/name@version`. */
export function npmPurl(packageName: string, version?: string, qualifiers?: Record<string, string>): string {
  const slash = packageName.startsWith('@') ? packageName.indexOf('/') : -1;
  const purl: Purl =
    slash > 0
      ? { type: 'npm', namespace: packageName.slice(0, slash), name: packageName.slice(slash + 1) }
      : { type: 'npm', name: packageName };
  if (version !== undefined && version !== '') purl.version = version;
  if (qualifiers !== undefined && Object.keys(qualifiers).length > 0) purl.qualifiers = qualifiers;
  return formatPurl(purl);
}
