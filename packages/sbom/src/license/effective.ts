import type { ComponentLicenses, LicenseStatement } from '../model/index.js';

/**
 * Which license field counts for a component. SPDX's own guidance makes `licenseConcluded` the
 * reviewed answer and `licenseDeclared` what the authors wrote, so the default takes the
 * concluded statement and falls back to the declared one when the concluded is absent or
 * NOASSERTION.
 */
export type LicenseChoice = 'concluded-else-declared' | 'declared-else-concluded' | 'concluded' | 'declared';

function known(statement: LicenseStatement | undefined): LicenseStatement | undefined {
  return statement !== undefined && statement.expression !== 'NOASSERTION' ? statement : undefined;
}

/**
 * The statement that counts under `choice`, or undefined when the component says nothing. A
 * NOASSERTION is returned only when no field says more.
 */
export function effectiveLicense(
  licenses: ComponentLicenses | undefined,
  choice: LicenseChoice = 'concluded-else-declared',
): LicenseStatement | undefined {
  if (licenses === undefined) return undefined;
  const { declared, concluded } = licenses;
  switch (choice) {
    case 'concluded':
      return concluded;
    case 'declared':
      return declared;
    case 'declared-else-concluded':
      return known(declared) ?? known(concluded) ?? declared ?? concluded;
    default:
      return known(concluded) ?? known(declared) ?? concluded ?? declared;
  }
}
