import type * as CDX from '@cyclonedx/cyclonedx-library';
import type { ComponentLicenses, LicenseStatement } from '../../model/index.js';
import { writableExpression } from '../spdx2/writer-licenses.js';

import type { Library } from './library.js';

function isStated(statement: LicenseStatement | undefined): statement is LicenseStatement {
  return statement !== undefined && statement.expression !== 'NOASSERTION' && statement.expression !== 'NONE';
}

const writable = new Map<string, string>();

/** A statement's expression as it may be written: never an invalid SPDX expression. */
function expressionOf(statement: LicenseStatement): string {
  let expression = writable.get(statement.expression);
  if (expression === undefined) {
    expression = writableExpression(statement.expression).expression;
    writable.set(statement.expression, expression);
  }
  return expression;
}

/**
 * CycloneDX 1.6 licenses of a component. The schema's `licenseChoice` holds either license
 * objects or exactly one expression, so: when every stated license is a single SPDX id, each
 * becomes a license object with its acknowledgement (declared, concluded); otherwise one
 * expression is written, the declared one first (what the package says of itself).
 */
export function cycloneDxLicenses(
  CDX: Library,
  licenses: ComponentLicenses | undefined,
): CDX.Models.License[] {
  const stated: [string, CDX.Enums.LicenseAcknowledgement][] = [];
  if (isStated(licenses?.declared))
    stated.push([expressionOf(licenses.declared), CDX.Enums.LicenseAcknowledgement.Declared]);
  if (isStated(licenses?.concluded))
    stated.push([expressionOf(licenses.concluded), CDX.Enums.LicenseAcknowledgement.Concluded]);
  const written = stated.filter(([text]) => text !== 'NOASSERTION' && text !== 'NONE');
  if (written.length === 0) return [];
  if (written.every(([text]) => CDX.SPDX.isSupportedSpdxId(text))) {
    const ids = new Map<string, CDX.Models.SpdxLicense>();
    for (const [text, acknowledgement] of written) {
      // The same id declared and concluded is one license: the declaration is what was stated.
      if (!ids.has(text)) ids.set(text, new CDX.Models.SpdxLicense(text, { acknowledgement }));
    }
    return [...ids.values()];
  }
  const [text, acknowledgement] = written[0]!;
  const expression = new CDX.Models.LicenseExpression(text);
  expression.acknowledgement = acknowledgement;
  return [expression];
}
