export {
  compareDebianVersions,
  type DebianVersion,
  debianVersionScheme,
  parseDebianVersion,
} from './debian.js';
export { compareMavenVersions, mavenVersionScheme } from './maven.js';
export { comparePep440Versions, type Pep440Version, parsePep440Version, pep440Scheme } from './pep440.js';
export {
  npmRangeMatcher,
  parseVersionRange,
  satisfiesVersionRange,
  type VersionComparator,
  type VersionRange,
} from './range.js';
export type { VersionScheme } from './scheme.js';
export { satisfiesSemverRange, semverScheme } from './semver.js';
