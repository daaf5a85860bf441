export {
  compareDebianVersions,
  type DebianVersion,
  debianVersionScheme,
  parseDebianVersion,
} from './debian.js';
export type { VersionScheme } from './scheme.js';
export { satisfiesSemverRange, semverScheme } from './semver.js';
