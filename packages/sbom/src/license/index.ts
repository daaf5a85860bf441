export { effectiveLicense, type LicenseChoice } from './effective.js';
export {
  formatLicenseExpression,
  type LicenseConjunction,
  type LicenseLeaf,
  type LicenseNode,
  type LicenseSpecial,
  licenseLeaves,
  parseLicenseExpression,
  tryParseLicenseExpression,
} from './expression.js';
export {
  canonicalExceptionId,
  canonicalLicenseId,
  deprecatedReplacement,
  isCurrentLicenseId,
  isDeprecatedLicenseId,
} from './ids.js';
export {
  licenseRefFor,
  type NormalizedLicense,
  normalizeLicense,
  normalizeLicenseCached,
} from './normalize.js';
