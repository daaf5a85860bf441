/**
 * License categories as ScanCode LicenseDB names them (lower-case, hyphenated), plus `unknown`
 * for licenses no source categorizes and custody's own `network-copyleft`.
 */
export const LICENSE_CATEGORY_NAMES = [
  'permissive',
  'copyleft-limited',
  'copyleft',
  'public-domain',
  'proprietary-free',
  'commercial',
  'source-available',
  'free-restricted',
  'patent-license',
  'unstated-license',
  'cla',
  'unknown',
  'network-copyleft',
] as const;

/** A license category. */
export type LicenseCategory = (typeof LICENSE_CATEGORY_NAMES)[number];

/** True for a category name custody knows. */
export function isLicenseCategory(name: string): name is LicenseCategory {
  return (LICENSE_CATEGORY_NAMES as readonly string[]).includes(name);
}
