export { archSatisfies, providerSatisfies, realSatisfies, versionSatisfies } from './match.js';
export {
  type Matcher,
  matcher,
  type PinRule,
  type PinSelector,
  PinSyntaxError,
  pinRulesOf,
  selectsOrigin,
} from './pins.js';
export { CandidatePolicy, DEFAULT_PRIORITIES } from './policy.js';
export { upgradableRequests } from './requests.js';
export {
  type KeptBack,
  type PlannedChange,
  UnsatisfiableError,
  type UpgradeRequest,
  UpgradeResolver,
} from './resolver.js';
export { type PackageOrigin, PackageUniverse, type ReleaseFacts, type VersionEntry } from './universe.js';
