import { createRequire } from 'node:module';
import type { PackageURL } from 'packageurl-js';
import { CoreError } from '../errors/index.js';
import { lazy } from '../lazy/require.js';

const require = createRequire(import.meta.url);

const packageUrlLibrary = lazy(() => require('packageurl-js') as typeof import('packageurl-js'));

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

// `@scope/name`, or an unscoped name that may hold slashes (a workspace folder with no package.json).
const PLAIN_NPM_NAME = /^(?:@[A-Za-z0-9._~-]+\/[A-Za-z0-9._~-]+|[A-Za-z0-9._~/-]+)$/;
const PLAIN_VERSION = /^[A-Za-z0-9.+_~-]*$/;

/**
 * Qualifiers as the purl spec writes them (`?key=value&…`, keys sorted), when every key is a
 * plain lower-case key and every value non-empty and free of the characters packageurl-js
 * escapes beyond `encodeURIComponent` (`!'()~`; it leaves `*`); undefined for anything else.
 */
function plainQualifiers(qualifiers: Record<string, string>): string | undefined {
  const keys = Object.keys(qualifiers).sort();
  let out = '';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = qualifiers[key] as string;
    if (!/^[a-z][a-z0-9._-]*$/.test(key) || value === '' || /[!'()*~]/.test(value)) return undefined;
    out += `${i === 0 ? '?' : '&'}${key}=${encodeURIComponent(value)}`;
  }
  return out;
}

/**
 * The purl of an npm package: `pkg:npm/%40scope/name@version`. A name, version and qualifiers
 * that need only plain percent-encoding (every registry package, git and tarball ones included,
 * nearly) are formatted directly: loading packageurl-js costs a command tens of milliseconds and
 * each call tens of microseconds, and a lockfile has thousands of packages. Everything else goes
 * through packageurl-js, the reference implementation; a test holds the two equal.
 */
export function npmPurl(packageName: string, version?: string, qualifiers?: Record<string, string>): string {
  const query =
    qualifiers === undefined || Object.keys(qualifiers).length === 0 ? '' : plainQualifiers(qualifiers);
  const plain =
    query !== undefined &&
    PLAIN_NPM_NAME.test(packageName) &&
    (version === undefined || PLAIN_VERSION.test(version));
  if (plain) {
    // The purl spec's npm type lower-cases names (`JSONStream` is `pkg:npm/jsonstream`).
    const lower = packageName.toLowerCase();
    const name = lower.startsWith('@') ? `%40${lower.slice(1)}` : lower.replaceAll('/', '%2F');
    return version === undefined || version === ''
      ? `pkg:npm/${name}${query}`
      : `pkg:npm/${name}@${version}${query}`;
  }
  const slash = packageName.startsWith('@') ? packageName.indexOf('/') : -1;
  const purl: Purl =
    slash > 0
      ? { type: 'npm', namespace: packageName.slice(0, slash), name: packageName.slice(slash + 1) }
      : { type: 'npm', name: packageName };
  if (version !== undefined && version !== '') purl.version = version;
  if (qualifiers !== undefined && Object.keys(qualifiers).length > 0) purl.qualifiers = qualifiers;
  return formatPurl(purl);
}
