import { CoreError } from '../errors/index.js';
import type { VersionScheme } from './scheme.js';

/** A Debian version split as deb-version(7) describes it: `[epoch:]upstream[-revision]`. */
export interface DebianVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

const UPSTREAM = /^[0-9][A-Za-z0-9.+~:-]*$/;
const REVISION = /^[A-Za-z0-9.+~]+$/;

/** Splits a Debian version; throws on one dpkg would reject. */
export function parseDebianVersion(version: string): DebianVersion {
  const parsed = tryParseDebianVersion(version);
  if (parsed === undefined) {
    throw new CoreError('INVALID_VERSION', 'input', `invalid Debian version "${version}"`, {
      hint: 'see deb-version(7): [epoch:]upstream_version[-debian_revision]',
    });
  }
  return parsed;
}

function tryParseDebianVersion(raw: string): DebianVersion | undefined {
  const version = raw.trim();
  if (version === '') return undefined;
  let epoch = 0;
  let rest = version;
  const colon = version.indexOf(':');
  if (colon >= 0) {
    const epochText = version.slice(0, colon);
    if (!/^[0-9]+$/.test(epochText)) return undefined;
    epoch = Number(epochText);
    rest = version.slice(colon + 1);
  }
  // The revision is whatever follows the last hyphen (deb-version(7)).
  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen >= 0 ? rest.slice(0, hyphen) : rest;
  const revision = hyphen >= 0 ? rest.slice(hyphen + 1) : '';
  if (!UPSTREAM.test(upstream)) return undefined;
  if (hyphen >= 0 && !REVISION.test(revision)) return undefined;
  return { epoch, upstream, revision };
}

/** dpkg's weight of one non-digit character: `~` sorts before everything, even the end. */
function order(code: number): number {
  if (isDigit(code)) return 0;
  if (code === 0x7e /* ~ */) return -1;
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return code; // letters
  if (code === -1) return 0; // end of string
  return code + 256; // every other character sorts after letters
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** dpkg's verrevcmp (lib/dpkg/version.c): alternate non-digit and digit runs. */
function compareFragment(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(i < a.length ? a.charCodeAt(i) : -1);
      const bc = order(j < b.length ? b.charCodeAt(j) : -1);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (i < a.length && a.charCodeAt(i) === 0x30) i++;
    while (j < b.length && b.charCodeAt(j) === 0x30) j++;
    while (i < a.length && isDigit(a.charCodeAt(i)) && j < b.length && isDigit(b.charCodeAt(j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && isDigit(a.charCodeAt(i))) return 1;
    if (j < b.length && isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

/**
 * Compares two Debian versions exactly as `dpkg --compare-versions` does. Strings that do not
 * parse are compared leniently (epoch 0, whole string as upstream), as apt does for bad input.
 */
export function compareDebianVersions(a: string, b: string): number {
  const va = tryParseDebianVersion(a) ?? { epoch: 0, upstream: a, revision: '' };
  const vb = tryParseDebianVersion(b) ?? { epoch: 0, upstream: b, revision: '' };
  if (va.epoch !== vb.epoch) return va.epoch > vb.epoch ? 1 : -1;
  const upstream = compareFragment(va.upstream, vb.upstream);
  if (upstream !== 0) return Math.sign(upstream);
  return Math.sign(compareFragment(va.revision, vb.revision));
}

/** Debian's version order as a scheme. */
export const debianVersionScheme: VersionScheme = {
  name: 'deb',
  isValid: (version) => tryParseDebianVersion(version) !== undefined,
  compare: compareDebianVersions,
};
