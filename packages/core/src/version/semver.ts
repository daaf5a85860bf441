import type Semver from 'semver';
import { lazyRequire } from '../lazy/require.js';

const semverLibrary = lazyRequire<typeof Semver>('semver');

import type { VersionScheme } from './scheme.js';

/** npm's semver order (semver 2.0.0 precedence, build metadata ignored), through npm's own library. */
export const semverScheme: VersionScheme = {
  name: 'npm',
  isValid: (version) => semverLibrary().valid(version, { loose: false }) !== null,
  compare: (a, b) => semverLibrary().compare(a, b, { loose: true }),
};

/** True when `version` satisfies the npm range `range` (prereleases only by explicit opt-in, as npm). */
export function satisfiesSemverRange(version: string, range: string): boolean {
  return semverLibrary().satisfies(version, range, { loose: true });
}
