import { createRequire } from 'node:module';
import parseSpdx from 'spdx-expression-parse';
import type { LicenseDefinition, LicenseStatement } from '../model/index.js';

const require = createRequire(import.meta.url);
const licenseIds = require('spdx-license-ids') as string[];
const deprecatedIds = require('spdx-license-ids/deprecated.json') as string[];

/** The outcome of normalizing one license string. */
export interface NormalizedLicense {
  statement: LicenseStatement;
  /** `LicenseRef-` definitions the statement needs (the SPDX writer emits them). */
  definitions: LicenseDefinition[];
  warnings: string[];
}

let canonicalByLower: Map<string, string> | undefined;
function canonicalIds(): Map<string, string> {
  if (canonicalByLower === undefined) {
    canonicalByLower = new Map();
    for (const id of [...licenseIds, ...deprecatedIds]) canonicalByLower.set(id.toLowerCase(), id);
  }
  return canonicalByLower;
}

/** A `LicenseRef-` id for free text: idstring = 1*(ALPHA / DIGIT / "-" / "." ) (SPDX 2.3 §10.1). */
export function licenseRefFor(text: string): string {
  const slug = text
    .trim()
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return `LicenseRef-${slug === '' ? 'unknown' : slug}`;
}

function isValidExpression(expression: string): boolean {
  try {
    parseSpdx(expression);
    return true;
  } catch {
    return false;
  }
}

/**
 * Turns a license string from a lockfile, manifest or SBOM into a valid SPDX expression. A valid
 * expression is kept; a case-only difference is fixed; anything else becomes a `LicenseRef-` whose
 * definition carries the original text, so that no invalid expression ever reaches a document.
 * (The full set of real-world repairs lives with the SBOM readers.)
 */
export function normalizeLicense(raw: string): NormalizedLicense {
  const text = raw.trim();
  if (text === '' || text.toUpperCase() === 'NOASSERTION' || text.toUpperCase() === 'UNKNOWN') {
    return {
      statement: { expression: 'NOASSERTION', ...(text !== '' ? { raw } : {}) },
      definitions: [],
      warnings: [],
    };
  }
  if (text.toUpperCase() === 'NONE')
    return { statement: { expression: 'NONE' }, definitions: [], warnings: [] };
  if (isValidExpression(text)) return { statement: { expression: text }, definitions: [], warnings: [] };
  const canonical = canonicalIds().get(text.toLowerCase());
  if (canonical !== undefined) {
    return {
      statement: { expression: canonical, raw, normalization: [`case: "${text}" is ${canonical}`] },
      definitions: [],
      warnings: [],
    };
  }
  const id = licenseRefFor(text);
  return {
    statement: { expression: id, raw, normalization: [`not an SPDX expression: kept as ${id}`] },
    definitions: [{ id, name: text, text }],
    warnings: [`license "${text}" is not an SPDX expression; recorded as ${id}`],
  };
}
