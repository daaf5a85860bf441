// The one place that knows where third-party reference data lives (DEVELOPERS.md):
// `CUSTODY_REFERENCE_DATA`, or `../shared/fixtures` beside the repository. Plain JavaScript so that
// the benchmarks (run by node without a TypeScript loader) share it with the tests.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in test/helpers/). */
export const repositoryRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The folder of reference data, whether or not it exists. */
export function referenceDataRoot() {
  const configured = process.env.CUSTODY_REFERENCE_DATA;
  if (configured !== undefined && configured !== '') {
    return isAbsolute(configured) ? configured : resolve(repositoryRoot, configured);
  }
  return resolve(repositoryRoot, '..', 'shared', 'fixtures');
}
