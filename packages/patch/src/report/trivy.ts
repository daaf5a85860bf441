import { compareDebianVersions, parsePurl } from '@custody/core';
import { PatchError } from '../errors.js';

/** One OS-package vulnerability of a Trivy report that names a fixed version. */
export interface ReportedVulnerability {
  vulnerabilityId: string;
  /** The binary package name (Trivy's `PkgName`). */
  package: string;
  /** The architecture from the package's purl (`?arch=`), when Trivy gives one. */
  arch?: string;
  installedVersion: string;
  /** The lowest listed fixed version above the installed one. */
  fixedVersion: string;
}

/** What patching must reach for one package: the highest fixed version its vulnerabilities need. */
export interface PackageFix {
  package: string;
  arch?: string;
  installedVersion: string;
  fixedVersion: string;
  vulnerabilityIds: string[];
}

// Trivy's JSON report (pkg/types/report.go): Results[] with Class "os-pkgs" for the distribution's
// packages (reports before Trivy 0.20 have no Class, only the OS Type).
const OS_TYPES = new Set(['debian', 'ubuntu']);

interface TrivyVulnerability {
  VulnerabilityID?: unknown;
  PkgName?: unknown;
  InstalledVersion?: unknown;
  FixedVersion?: unknown;
  PkgIdentifier?: { PURL?: unknown };
}

function archOfPurl(purl: unknown): string | undefined {
  if (typeof purl !== 'string') return undefined;
  try {
    return parsePurl(purl).qualifiers?.arch;
  } catch {
    return undefined;
  }
}

/** The fixed version that applies: Trivy may list several (`1.2-1+deb11u1, 1.2-3`), one per branch. */
function applicableFix(listed: string, installed: string): string | undefined {
  const versions = listed
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '')
    .sort(compareDebianVersions);
  return versions.find((v) => compareDebianVersions(v, installed) > 0) ?? undefined;
}

/**
 * Reads the OS-package vulnerabilities with a fixed version from a Trivy JSON report (schema 2).
 * Language packages and vulnerabilities without a fix are not patchable with apt and are skipped.
 */
export function readTrivyReport(text: string, input = 'report'): ReportedVulnerability[] {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch (error) {
    throw new PatchError('REPORT_INVALID', 'input', `${input} is not JSON: ${(error as Error).message}`, {
      input,
      hint: 'give a report from `trivy image --format json`',
    });
  }
  const results = (report as { Results?: unknown } | null)?.Results;
  if (typeof report !== 'object' || report === null || (results !== undefined && !Array.isArray(results))) {
    throw new PatchError(
      'REPORT_INVALID',
      'input',
      `${input} is not a Trivy JSON report (no Results array)`,
      {
        input,
        hint: 'give a report from `trivy image --format json`',
      },
    );
  }
  const found: ReportedVulnerability[] = [];
  for (const result of (results ?? []) as { Class?: unknown; Type?: unknown; Vulnerabilities?: unknown }[]) {
    const isOs =
      result.Class === 'os-pkgs' || (result.Class === undefined && OS_TYPES.has(String(result.Type)));
    if (!isOs || !Array.isArray(result.Vulnerabilities)) continue;
    for (const v of result.Vulnerabilities as TrivyVulnerability[]) {
      if (typeof v.PkgName !== 'string' || typeof v.InstalledVersion !== 'string') {
        throw new PatchError(
          'REPORT_INVALID',
          'input',
          `${input}: a vulnerability lacks PkgName or InstalledVersion`,
          {
            input,
          },
        );
      }
      if (typeof v.FixedVersion !== 'string' || v.FixedVersion === '') continue;
      const fixedVersion = applicableFix(v.FixedVersion, v.InstalledVersion);
      if (fixedVersion === undefined) continue;
      const arch = archOfPurl(v.PkgIdentifier?.PURL);
      found.push({
        vulnerabilityId: typeof v.VulnerabilityID === 'string' ? v.VulnerabilityID : 'unknown',
        package: v.PkgName,
        ...(arch !== undefined ? { arch } : {}),
        installedVersion: v.InstalledVersion,
        fixedVersion,
      });
    }
  }
  return found;
}

/** Groups vulnerabilities by package (and architecture), keeping the highest fixed version. */
export function fixesByPackage(vulnerabilities: readonly ReportedVulnerability[]): PackageFix[] {
  const byKey = new Map<string, PackageFix>();
  for (const v of vulnerabilities) {
    const key = `${v.package}:${v.arch ?? ''}`;
    const fix = byKey.get(key);
    if (fix === undefined) {
      byKey.set(key, {
        package: v.package,
        ...(v.arch !== undefined ? { arch: v.arch } : {}),
        installedVersion: v.installedVersion,
        fixedVersion: v.fixedVersion,
        vulnerabilityIds: [v.vulnerabilityId],
      });
      continue;
    }
    if (!fix.vulnerabilityIds.includes(v.vulnerabilityId)) fix.vulnerabilityIds.push(v.vulnerabilityId);
    if (compareDebianVersions(v.fixedVersion, fix.fixedVersion) > 0) fix.fixedVersion = v.fixedVersion;
  }
  return [...byKey.values()];
}
