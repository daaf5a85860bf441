import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { referenceDataRoot, repositoryRoot } from './reference-root.mjs';

export { referenceDataRoot, repositoryRoot };

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
