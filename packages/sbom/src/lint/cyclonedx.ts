import { isValidLicenseExpression, isValidPurl, records, text } from './expression.js';
import type { LintProblem } from './problem.js';

interface Walked {
  record: Record<string, unknown>;
  path: string;
}

/** metadata.component, components and services, nested ones included, with their places. */
function walk(document: Record<string, unknown>): Walked[] {
  const out: Walked[] = [];
  const visit = (list: unknown, path: string): void => {
    records(list).forEach((record, i) => {
      const here = `${path}/${i}`;
      out.push({ record, path: here });
      visit(record.components, `${here}/components`);
      visit(record.services, `${here}/services`);
    });
  };
  const metadata =
    typeof document.metadata === 'object' && document.metadata !== null
      ? (document.metadata as Record<string, unknown>)
      : {};
  if (typeof metadata.component === 'object' && metadata.component !== null) {
    const root = metadata.component as Record<string, unknown>;
    out.push({ record: root, path: '/metadata/component' });
    visit(root.components, '/metadata/component/components');
  }
  visit(document.components, '/components');
  visit(document.services, '/services');
  return out;
}

function checkLicenses(record: Record<string, unknown>, path: string, problems: LintProblem[]): void {
  records(record.licenses).forEach((choice, i) => {
    const expression = text(choice.expression);
    if (expression !== undefined && !isValidLicenseExpression(expression))
      problems.push({
        rule: 'cdx-license-expression',
        message: `${JSON.stringify(expression)} is not a valid SPDX license expression`,
        path: `${path}/licenses/${i}/expression`,
      });
  });
}

/** Checks a CycloneDX JSON BOM for what its schema cannot: unique bom-refs, resolvable refs, parsable purls and expressions. */
export function lintCycloneDx(document: Record<string, unknown>): LintProblem[] {
  const problems: LintProblem[] = [];
  const refs = new Set<string>();
  for (const { record, path } of walk(document)) {
    const ref = text(record['bom-ref']);
    if (ref !== undefined) {
      if (refs.has(ref))
        problems.push({
          rule: 'cdx-bom-ref-unique',
          message: `bom-ref ${ref} is used more than once`,
          path: `${path}/bom-ref`,
        });
      refs.add(ref);
    }
    const purl = text(record.purl);
    if (purl !== undefined && !isValidPurl(purl))
      problems.push({
        rule: 'cdx-purl',
        message: `purl ${JSON.stringify(purl)} does not parse`,
        path: `${path}/purl`,
      });
    checkLicenses(record, path, problems);
  }
  records(document.dependencies).forEach((dependency, i) => {
    const ref = text(dependency.ref);
    if (ref === undefined || !refs.has(ref))
      problems.push({
        rule: 'cdx-dependency-ref',
        message: `dependency ref ${ref ?? '(missing)'} names no bom-ref of the BOM`,
        path: `/dependencies/${i}/ref`,
      });
    const targets = Array.isArray(dependency.dependsOn) ? dependency.dependsOn : [];
    targets.forEach((target, j) => {
      if (typeof target !== 'string' || !refs.has(target))
        problems.push({
          rule: 'cdx-dependency-ref',
          message: `${ref ?? '?'} depends on ${String(target)}, which names no bom-ref of the BOM`,
          path: `/dependencies/${i}/dependsOn/${j}`,
        });
    });
  });
  return problems;
}
