import { readFile } from 'node:fs/promises';
import { SbomError } from '../errors.js';
import { lintCycloneDx } from './cyclonedx.js';
import type { LintReport } from './problem.js';
import { lintSpdx2 } from './spdx2.js';

/**
 * Lints a parsed SBOM: SPDX 2.x or CycloneDX JSON. Returns every broken rule; throws an input
 * error for anything that is neither (SPDX 3.0 JSON-LD included, which these rules do not cover).
 */
export function lintSbomDocument(document: unknown, input = '<input>'): LintReport {
  if (typeof document === 'object' && document !== null && !Array.isArray(document)) {
    const record = document as Record<string, unknown>;
    if (typeof record.spdxVersion === 'string' && record.spdxVersion.startsWith('SPDX-2.'))
      return { format: 'spdx', specVersion: record.spdxVersion.slice(5), problems: lintSpdx2(record) };
    if (record.bomFormat === 'CycloneDX')
      return {
        format: 'cyclonedx',
        specVersion: String(record.specVersion ?? '?'),
        problems: lintCycloneDx(record),
      };
  }
  throw new SbomError(
    'UNKNOWN_SBOM_FORMAT',
    'input',
    `${input}: not an SPDX 2.x or CycloneDX JSON document`,
    {
      input,
      hint: 'sbom lint checks SPDX 2.2/2.3 JSON (spdxVersion) and CycloneDX JSON (bomFormat)',
    },
  );
}

/** Reads and lints an SBOM file; unreadable files and text that is not JSON are input errors. */
export async function lintSbomFile(path: string): Promise<LintReport> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (cause) {
    const reason =
      (cause as NodeJS.ErrnoException).code ?? (cause instanceof Error ? cause.message : String(cause));
    throw new SbomError('UNREADABLE_INPUT', 'input', `cannot read ${path}: ${reason}`, {
      input: path,
      cause,
    });
  }
  let document: unknown;
  try {
    document = JSON.parse(content.charCodeAt(0) === 0xfeff ? content.slice(1) : content);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new SbomError('MALFORMED_SBOM', 'input', `${path}: not valid JSON: ${reason}`, {
      input: path,
      hint: 'check that the file is complete and was not truncated',
      cause,
    });
  }
  return lintSbomDocument(document, path);
}
