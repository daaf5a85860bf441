import { createHash } from 'node:crypto';
import type { LicenseDefinition, LicenseStatement } from '../model/index.js';
import { licenseAlias } from './aliases.js';
import {
  formatLicenseExpression,
  type LicenseLeaf,
  type LicenseNode,
  tryParseLicenseExpression,
} from './expression.js';
import {
  canonicalExceptionId,
  canonicalLicenseId,
  deprecatedReplacement,
  isDeprecatedLicenseId,
} from './ids.js';

/** The outcome of normalizing one license string. */
export interface NormalizedLicense {
  statement: LicenseStatement;
  /** `LicenseRef-` definitions the statement needs (the SPDX writer emits them). */
  definitions: LicenseDefinition[];
  warnings: string[];
}

const MAX_SLUG = 64;

/**
 * A `LicenseRef-` id for free text: idstring = 1*(ALPHA / DIGIT / "-" / "." ) (SPDX 2.3 §10.1).
 * A text too long for the id ends in a digest of the whole text, so two long texts that begin
 * alike do not share one id (and one definition).
 */
export function licenseRefFor(text: string): string {
  const slug = text
    .trim()
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug === '') return 'LicenseRef-unknown';
  if (slug.length <= MAX_SLUG) return `LicenseRef-${slug}`;
  const digest = createHash('sha256').update(text.trim()).digest('hex').slice(0, 8);
  return `LicenseRef-${slug.slice(0, MAX_SLUG - 9).replace(/-+$/, '')}-${digest}`;
}

/** What one repair produced: a tree, the steps that led to it, and any `LicenseRef-`s it invented. */
interface Repair {
  node: LicenseNode;
  steps: string[];
  definitions: LicenseDefinition[];
}

const REF_PREFIX = /^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/;
const OPERATOR = /^(?:and|or|with)$/i;
const TOKEN_SPLIT = /(\(|\)|\s+)/;
const MAX_NAME_WORDS = 4;
const LICENSE_SUFFIX = /\s+licen[cs]e$/i;

/** Replaces deprecated ids in a parsed tree by their successors, recording each replacement. */
function replaceDeprecated(node: LicenseNode, steps: string[]): LicenseNode {
  if (node.type === 'special') return node;
  if (node.type === 'conjunction') {
    const operands: LicenseNode[] = [];
    for (const operand of node.operands) {
      const replaced = replaceDeprecated(operand, steps);
      if (replaced.type === 'conjunction' && replaced.conjunction === node.conjunction)
        operands.push(...replaced.operands);
      else operands.push(replaced);
    }
    return { ...node, operands };
  }
  const replacement = deprecatedReplacement(node.license, node.plus);
  if (replacement === undefined) {
    if (isDeprecatedLicenseId(node.license))
      steps.push(`deprecated id ${node.license} has no single successor on the SPDX License List; kept`);
    return node;
  }
  const parsed = tryParseLicenseExpression(replacement);
  if (parsed === undefined || (node.exception !== undefined && replacement.includes(' WITH '))) return node;
  let result: LicenseNode = parsed;
  if (node.exception !== undefined && parsed.type === 'license')
    result = { ...parsed, exception: node.exception };
  steps.push(
    `deprecated id ${node.license}${node.plus ? '+' : ''} read as ${replacement} (SPDX License List deprecation)`,
  );
  return result;
}

/** A single license name (an id in any case, with `+`, or a known alias) as a leaf. */
function resolveName(name: string): Repair | undefined {
  const text = name.trim();
  if (text === '') return undefined;
  if (REF_PREFIX.test(text)) {
    return { node: { type: 'license', license: text, plus: false }, steps: [], definitions: [] };
  }
  const steps: string[] = [];
  const plus = text.length > 1 && text.endsWith('+');
  const base = plus ? text.slice(0, -1) : text;
  const id = canonicalLicenseId(base);
  if (id !== undefined && id !== base) steps.push(`case: "${base}" is ${id}`);
  if (id === undefined) {
    // "Apache 2.0", "BSD-3-Clause License": the id spelled with spaces, or followed by "License".
    const bare = text.replace(LICENSE_SUFFIX, '');
    const alias =
      licenseAlias(text) ??
      canonicalLicenseId(text.replace(/\s+/g, '-')) ??
      canonicalLicenseId(bare.replace(/\s+/g, '-'));
    if (alias === undefined) return undefined;
    steps.push(`alias: "${text}" is ${alias}`);
    const node = tryParseLicenseExpression(alias);
    return node === undefined ? undefined : { node: replaceDeprecated(node, steps), steps, definitions: [] };
  }
  const leaf: LicenseLeaf = { type: 'license', license: id, plus };
  return { node: replaceDeprecated(leaf, steps), steps, definitions: [] };
}

/** A valid SPDX expression, with deprecated ids replaced. */
function strict(text: string): Repair | undefined {
  const parsed = tryParseLicenseExpression(text);
  if (parsed === undefined || parsed.type === 'special') return undefined;
  const steps: string[] = [];
  return { node: replaceDeprecated(parsed, steps), steps, definitions: [] };
}

/** Splits at a separator outside parentheses; undefined when the separator does not occur. */
function splitTopLevel(text: string, separators: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && separators.includes(c)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (parts.length === 0) return undefined;
  parts.push(text.slice(start));
  const trimmed = parts.map((p) => p.trim()).filter((p) => p !== '');
  return trimmed.length > 1 ? trimmed : undefined;
}

/**
 * A list whose every part is a known license or expression, joined by one conjunction. Parts
 * that are not all known leave the text whole: `Foo License, Version 3` is one unknown name, not
 * two licenses.
 */
function list(text: string, separators: string, conjunction: 'and' | 'or', why: string): Repair | undefined {
  const parts = splitTopLevel(text, separators);
  if (parts === undefined) return undefined;
  const repairs: Repair[] = [];
  for (const part of parts) {
    const repair = strict(part) ?? resolveName(part) ?? tokens(part, false);
    if (repair === undefined) return undefined;
    repairs.push(repair);
  }
  const node: LicenseNode = { type: 'conjunction', conjunction, operands: repairs.map((r) => r.node) };
  return {
    node,
    steps: [why, ...repairs.flatMap((r) => r.steps)],
    definitions: repairs.flatMap((r) => r.definitions),
  };
}

/**
 * Re-reads an almost-expression word by word: operators in any case, runs of words between them
 * as one license name (`MIT or Apache 2.0`). With `inventRefs`, an unknown name inside a valid
 * structure becomes a `LicenseRef-` of its own.
 */
function tokens(text: string, inventRefs: boolean): Repair | undefined {
  const parts = text.split(TOKEN_SPLIT).filter((t) => t.trim() !== '');
  const out: string[] = [];
  const steps: string[] = [];
  const definitions: LicenseDefinition[] = [];
  let words: string[] = [];
  let afterWith = false;
  let operators = 0;
  let known = 0;
  const flush = (): boolean => {
    if (words.length === 0) return true;
    const name = words.join(' ');
    const count = words.length;
    words = [];
    if (afterWith) {
      afterWith = false;
      const exception = canonicalExceptionId(name.replace(/\s+/g, '-'));
      if (exception === undefined) return false;
      if (exception !== name) steps.push(`case: "${name}" is ${exception}`);
      out.push(exception);
      return true;
    }
    const resolved = resolveName(name);
    if (resolved !== undefined) {
      steps.push(...resolved.steps);
      const formatted = formatLicenseExpression(resolved.node);
      out.push(resolved.node.type === 'conjunction' ? `(${formatted})` : formatted);
      known++;
      return true;
    }
    // Only short names are license names: longer runs are prose ("… or later", a license text).
    if (!inventRefs || count > MAX_NAME_WORDS) return false;
    const ref = licenseRefFor(name);
    steps.push(`unknown license name "${name}" kept as ${ref}`);
    definitions.push({ id: ref, name, text: name });
    out.push(ref);
    return true;
  };
  for (const token of parts) {
    if (token === '(' || token === ')') {
      if (!flush()) return undefined;
      out.push(token);
    } else if (OPERATOR.test(token)) {
      if (!flush()) return undefined;
      operators++;
      const op = token.toUpperCase();
      if (op !== token) steps.push(`operator "${token}" read as ${op}`);
      afterWith = op === 'WITH';
      out.push(op);
    } else {
      words.push(token);
    }
  }
  // An invented LicenseRef- needs a known license beside it for the structure to be believed.
  if (!flush() || (inventRefs && (operators === 0 || known === 0))) return undefined;
  const repaired = strict(out.join(' '));
  if (repaired === undefined) return undefined;
  return { node: repaired.node, steps: [...steps, ...repaired.steps], definitions };
}

function unknown(text: string): Repair {
  const id = licenseRefFor(text);
  return {
    node: { type: 'license', license: id, plus: false },
    steps: [`not an SPDX expression: kept as ${id}`],
    definitions: [{ id, name: text, text }],
  };
}

function special(value: 'NONE' | 'NOASSERTION', raw: string, text: string): NormalizedLicense {
  const statement: LicenseStatement = { expression: value };
  if (text !== value) {
    statement.raw = raw;
    statement.normalization = [text === '' ? `empty license read as ${value}` : `"${text}" read as ${value}`];
  }
  return { statement, definitions: [], warnings: [] };
}

function compute(raw: string): NormalizedLicense {
  const text = raw.trim();
  const upper = text.toUpperCase();
  if (text === '' || upper === 'NOASSERTION' || upper === 'UNKNOWN') return special('NOASSERTION', raw, text);
  if (upper === 'NONE') return special('NONE', raw, text);
  const repair =
    strict(text) ??
    resolveName(text) ??
    list(text, ',;', 'and', 'comma-separated list read as AND (every listed license applies)') ??
    list(
      text,
      '/',
      'or',
      'slash-separated names read as OR (a choice, as in Cargo\'s legacy "MIT/Apache-2.0")',
    ) ??
    tokens(text, true) ??
    unknown(text);
  const expression = formatLicenseExpression(repair.node);
  const statement: LicenseStatement = { expression };
  const warnings: string[] = [];
  if (expression !== text || repair.steps.length > 0) {
    statement.raw = raw;
    const steps = repair.steps.length > 0 ? repair.steps : [`written in canonical form as ${expression}`];
    statement.normalization = steps;
    if (repair.steps.length > 0) {
      warnings.push(
        repair.definitions.length > 0 && repair.definitions[0]?.name === text
          ? `license "${text}" is not an SPDX expression; recorded as ${expression}`
          : `license "${text}" read as "${expression}": ${steps.join('; ')}`,
      );
    }
  }
  return { statement, definitions: repair.definitions, warnings };
}

const MAX_CACHED = 20_000;
const cache = new Map<string, NormalizedLicense>();

/**
 * The normalization of one string, shared between calls: readers see each distinct license
 * string of a document once (a 10,000-component SBOM has a few dozen). Callers must not mutate it.
 */
export function normalizeLicenseCached(raw: string): NormalizedLicense {
  let hit = cache.get(raw);
  if (hit === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    hit = compute(raw);
    cache.set(raw, hit);
  }
  return hit;
}

/**
 * Turns a license string from a lockfile, manifest or SBOM into a valid SPDX expression: a valid
 * expression is kept (deprecated ids replaced by their successors); lower-case ids, known names
 * (`Apache2`), `MIT/X11`-style choices and comma lists are repaired; anything else becomes a
 * `LicenseRef-` whose definition carries the original text, so no invalid expression ever
 * reaches a document. `statement.normalization` lists each step taken.
 */
export function normalizeLicense(raw: string): NormalizedLicense {
  const shared = normalizeLicenseCached(raw);
  const statement: LicenseStatement = { ...shared.statement };
  if (shared.statement.normalization !== undefined)
    statement.normalization = [...shared.statement.normalization];
  return {
    statement,
    definitions: shared.definitions.map((d) => ({ ...d })),
    warnings: [...shared.warnings],
  };
}
