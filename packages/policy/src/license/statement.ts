import {
  type Component,
  type LicenseNode,
  type LicenseStatement,
  normalizeLicenseCached,
  tryParseLicenseExpression,
} from '@custody/sbom';
import type { LicenseSource } from '../model/policy.js';

/** The license statement that counts for a component under a `licenseSource` setting. */
export function selectLicense(
  component: Component,
  source: LicenseSource,
): { statement: LicenseStatement; from: 'concluded' | 'declared' } | undefined {
  const { concluded, declared } = component.licenses ?? {};
  const usable = (s: LicenseStatement | undefined): s is LicenseStatement =>
    s !== undefined && s.expression !== 'NOASSERTION';
  switch (source) {
    case 'concluded':
      return concluded === undefined ? undefined : { statement: concluded, from: 'concluded' };
    case 'declared':
      return declared === undefined ? undefined : { statement: declared, from: 'declared' };
    case 'concluded-then-declared':
      if (usable(concluded)) return { statement: concluded, from: 'concluded' };
      if (declared !== undefined) return { statement: declared, from: 'declared' };
      return concluded === undefined ? undefined : { statement: concluded, from: 'concluded' };
  }
}

/** A license expression read for evaluation. */
export interface ReadLicense {
  /** The expression evaluated, normalized. */
  expression: string;
  node?: LicenseNode;
  /** Steps from what the SBOM said to `expression` (the reader's, then ours). */
  steps: string[];
  /** True for NOASSERTION, NONE and text that is no expression even after normalization. */
  unknown: boolean;
}

const cache = new Map<string, ReadLicense>();

/**
 * Parses a statement's expression, normalizing it again so that hand-built or foreign models
 * (deprecated ids, lower case, comma lists) are read as the SBOM readers read them. NONE counts as
 * unknown: tools (syft, trivy) write it for "not looked at", not for "no license".
 */
export function readLicense(statement: LicenseStatement): ReadLicense {
  const text = statement.expression;
  let read = cache.get(text);
  if (read === undefined) {
    const normalized = normalizeLicenseCached(text);
    const expression = normalized.statement.expression;
    const node = tryParseLicenseExpression(expression);
    read = {
      expression,
      steps: normalized.statement.normalization ?? [],
      unknown: node === undefined || node.type === 'special',
    };
    if (node !== undefined) read.node = node;
    if (cache.size > 50_000) cache.clear();
    cache.set(text, read);
  }
  const earlier = statement.normalization ?? [];
  return earlier.length === 0 ? read : { ...read, steps: [...earlier, ...read.steps] };
}
