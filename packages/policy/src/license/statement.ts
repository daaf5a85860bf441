import {
  type Component,
  effectiveLicense,
  type LicenseChoice,
  type LicenseNode,
  type LicenseStatement,
  normalizeLicenseCached,
  tryParseLicenseExpression,
} from '@custody/sbom';
import type { LicenseSource } from '../model/policy.js';

/** The reader's name for each `licenseSource` setting. */
const CHOICE: Record<LicenseSource, LicenseChoice> = {
  'concluded-then-declared': 'concluded-else-declared',
  declared: 'declared',
  concluded: 'concluded',
};

/**
 * The license statement that counts for a component under a `licenseSource` setting (the SBOM
 * package's own rule, `effectiveLicense`), and which field it came from.
 */
export function selectLicense(
  component: Component,
  source: LicenseSource,
): { statement: LicenseStatement; from: 'concluded' | 'declared' } | undefined {
  const statement = selectedStatement(component, source);
  if (statement === undefined) return undefined;
  return { statement, from: statementField(component, statement, source) };
}

/** `selectLicense`'s statement alone, for the per-component path: no object made per call. */
export function selectedStatement(component: Component, source: LicenseSource): LicenseStatement | undefined {
  return effectiveLicense(component.licenses, CHOICE[source]);
}

/** Which field a statement `selectedStatement` returned came from. */
export function statementField(
  component: Component,
  statement: LicenseStatement,
  source: LicenseSource,
): 'concluded' | 'declared' {
  // Readers share statement objects between equal strings, so identity decides only when needed.
  if (source !== 'concluded-then-declared') return source;
  return statement === component.licenses?.concluded ? 'concluded' : 'declared';
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
