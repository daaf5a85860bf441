import { createRequire } from 'node:module';
import type Semver from 'semver';
import { lazy } from '../lazy/require.js';
import type { VersionScheme } from './scheme.js';

const require = createRequire(import.meta.url);

// The three functions used, not all of semver: the whole library is twice the modules to load.
const valid = lazy(() => require('semver/functions/valid') as typeof Semver.valid);
const compare = lazy(() => require('semver/functions/compare') as typeof Semver.compare);
const satisfies = lazy(() => require('semver/functions/satisfies') as typeof Semver.satisfies);

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
