import type { LicenseStatement } from '../model/index.js';
import { formatLicenseExpression, type LicenseNode, tryParseLicenseExpression } from './expression.js';

/**
 * Several statements of one kind as one. A CycloneDX `licenses` array or several SPDX 3
 * `hasDeclaredLicense` targets list licenses that all apply, so they join with AND (ORT reads
 * several declared licenses the same way). A NOASSERTION beside real statements adds nothing.
 */
export function conjoin(statements: LicenseStatement[]): LicenseStatement | undefined {
  if (statements.length <= 1) return statements[0];
  const known = statements.filter((s) => s.expression !== 'NOASSERTION');
  if (known.length === 0) return statements[0];
  if (known.length === 1 && statements.length === 1) return known[0];
  const operands: LicenseNode[] = [];
  for (const statement of known) {
    const node = tryParseLicenseExpression(statement.expression);
    if (node === undefined || node.type === 'special') continue;
    if (node.type === 'conjunction' && node.conjunction === 'and') operands.push(...node.operands);
    else operands.push(node);
  }
  if (operands.length === 0) return known[0];
  const node: LicenseNode =
    operands.length === 1
      ? (operands[0] as LicenseNode)
      : { type: 'conjunction', conjunction: 'and', operands };
  const steps = [`${statements.length} license entries read as AND (each listed license applies)`];
  for (const statement of known) for (const step of statement.normalization ?? []) steps.push(step);
  return {
    expression: formatLicenseExpression(node),
    raw: statements.map((s) => s.raw ?? s.expression).join(', '),
    normalization: steps,
  };
}
