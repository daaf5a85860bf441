import parseSpdx from 'spdx-expression-parse';
import { SbomError } from '../errors.js';

/** One license in an expression: `MIT`, `GPL-2.0+`, `GPL-2.0-or-later WITH Classpath-exception-2.0`. */
export interface LicenseLeaf {
  type: 'license';
  /** An SPDX License List id, a `LicenseRef-…`, or `DocumentRef-…:LicenseRef-…`. */
  license: string;
  /** The `+` operator: this version or any later one (SPDX 2.3 Annex D.4). */
  plus: boolean;
  /** The exception after `WITH`, when there is one. */
  exception?: string;
}

/** `AND` or `OR` over two or more operands; nested conjunctions of the same kind are flattened. */
export interface LicenseConjunction {
  type: 'conjunction';
  conjunction: 'and' | 'or';
  operands: LicenseNode[];
}

/** The SPDX special values: `NONE` (no license) and `NOASSERTION` (not known). */
export interface LicenseSpecial {
  type: 'special';
  value: 'NONE' | 'NOASSERTION';
}

/** A parsed SPDX license expression. */
export type LicenseNode = LicenseLeaf | LicenseConjunction | LicenseSpecial;

type SpdxAst = ReturnType<typeof parseSpdx>;

function fromSpdxAst(node: SpdxAst): LicenseNode {
  if ('license' in node) {
    const leaf: LicenseLeaf = { type: 'license', license: node.license, plus: node.plus === true };
    if (node.exception !== undefined) leaf.exception = node.exception;
    return leaf;
  }
  const conjunction = node.conjunction === 'and' ? 'and' : 'or';
  const operands: LicenseNode[] = [];
  for (const side of [node.left, node.right]) {
    const child = fromSpdxAst(side);
    if (child.type === 'conjunction' && child.conjunction === conjunction) operands.push(...child.operands);
    else operands.push(child);
  }
  return { type: 'conjunction', conjunction, operands };
}

/**
 * Parses a valid SPDX license expression (as the model's `LicenseStatement.expression` always
 * holds) into a tree; `NONE` and `NOASSERTION` become special nodes. Returns undefined for text
 * that is not a valid expression.
 */
export function tryParseLicenseExpression(expression: string): LicenseNode | undefined {
  const text = expression.trim();
  if (text === 'NONE' || text === 'NOASSERTION') return { type: 'special', value: text };
  try {
    return fromSpdxAst(parseSpdx(text));
  } catch {
    return undefined;
  }
}

/**
 * Parses a valid SPDX license expression into a tree, or throws an input error naming it. For
 * strings from the wild, normalize first (`normalizeLicense`): it never yields an invalid one.
 */
export function parseLicenseExpression(expression: string): LicenseNode {
  const node = tryParseLicenseExpression(expression);
  if (node === undefined) {
    throw new SbomError(
      'INVALID_LICENSE_EXPRESSION',
      'input',
      `"${expression}" is not a valid SPDX license expression`,
      { found: expression, hint: 'use SPDX License List ids joined by AND, OR and WITH (SPDX 2.3 Annex D)' },
    );
  }
  return node;
}

/** Formats a tree as an SPDX expression: operators upper-case, parentheses around nested groups. */
export function formatLicenseExpression(node: LicenseNode): string {
  return format(node, true);
}

function format(node: LicenseNode, top: boolean): string {
  switch (node.type) {
    case 'special':
      return node.value;
    case 'license':
      return `${node.license}${node.plus ? '+' : ''}${node.exception !== undefined ? ` WITH ${node.exception}` : ''}`;
    case 'conjunction': {
      const joined = node.operands
        .map((o) => format(o, false))
        .join(node.conjunction === 'and' ? ' AND ' : ' OR ');
      return top ? joined : `(${joined})`;
    }
  }
}

/** The leaves of a tree, left to right. */
export function licenseLeaves(node: LicenseNode): LicenseLeaf[] {
  if (node.type === 'license') return [node];
  if (node.type === 'special') return [];
  return node.operands.flatMap(licenseLeaves);
}
