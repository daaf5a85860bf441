import type Semver from 'semver';
import { lazyRequire } from '../lazy/require.js';

// The three functions used, not all of semver: the whole library is twice the modules to load.
const valid = lazyRequire<typeof Semver.valid>('semver/functions/valid');
const compare = lazyRequire<typeof Semver.compare>('semver/functions/compare');
const satisfies = lazyRequire<typeof Semver.satisfies>('semver/functions/satisfies');

import type { VersionScheme } from './scheme.js';

/** npm's semver order (semver 2.0.0 precedence, build metadata ignored), through npm's own library. */
export const semverScheme: VersionScheme = {
  name: 'npm',
  isValid: (version) => valid()(version, { loose: false }) !== null,
  compare: (a, b) => compare()(a, b, { loose: true }),
};

/** True when `version` satisfies the npm range `range` (prereleases only by explicit opt-in, as npm). */
export function satisfiesSemverRange(version: string, range: string): boolean {
  return satisfies()(version, range, { loose: true });
}
