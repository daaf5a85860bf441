export { APT_MAX_FUTURE_SECONDS, checkReleaseFreshness, type FreshnessOptions } from './freshness.js';
export { isArmoredKey, type Keyring, mergeKeyrings, readKeyring } from './keyring.js';
export { parseRelease, parseReleaseDate, type ReleaseEntry, type ReleaseFile } from './release-file.js';
export {
  type VerifiedRelease,
  type VerifyReleaseOptions,
  verifyDetachedRelease,
  verifyInRelease,
} from './verify.js';
