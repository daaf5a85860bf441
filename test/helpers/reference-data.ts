import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/** The repository root (this file lives in test/helpers/). */
export const repositoryRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * The one resolver of third-party reference data (DEVELOPERS.md): `CUSTODY_REFERENCE_DATA`, or
 * `../shared/fixtures` beside the repository. That data is never copied into the project.
 */
export function referenceDataRoot(): string {
  const configured = process.env.CUSTODY_REFERENCE_DATA;
  if (configured !== undefined && configured !== '') {
    return isAbsolute(configured) ? configured : resolve(repositoryRoot, configured);
  }
  return resolve(repositoryRoot, '..', 'shared', 'fixtures');
}

/** The absolute path of a reference file or folder, or undefined when it is absent. */
export function referenceData(relativePath: string): string | undefined {
  const path = join(referenceDataRoot(), relativePath);
  return existsSync(path) ? path : undefined;
}

/** Like referenceData, but throws: for use inside a suite already guarded by describeWithReference. */
export function requireReferenceData(relativePath: string): string {
  const path = referenceData(relativePath);
  if (path === undefined)
    throw new Error(`reference data missing: ${relativePath} under ${referenceDataRoot()}`);
  return path;
}

/**
 * A `describe` that runs only when every named reference path exists. When one is missing the
 * suite is skipped and one line says what is missing, so that all other suites still run. Read
 * the data in `beforeAll` or in tests, not while the suite is being collected.
 */
export function describeWithReference(name: string, relativePaths: string[], body: () => void): void {
  const missing = relativePaths.filter((p) => referenceData(p) === undefined);
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  process.stderr.write(
    `skipping "${name}": reference data missing under ${referenceDataRoot()}: ${missing.join(', ')}\n`,
  );
  // The body is not run: a skipped suite's body still runs to collect its tests, and bodies that
  // read reference data while collecting would then fail the whole file.
  describe.skip(name, () => {
    it.skip(`needs reference data: ${missing.join(', ')}`, () => {});
  });
}
