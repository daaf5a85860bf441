export { type AptSourceOptions, aptRepositorySource } from './apt-source.js';
export { formatPlanText } from './format.js';
export { cachePaths, loadIndex, parsePackagesIndex } from './index-cache.js';
export {
  downloadPlan,
  type KeptBackPackage,
  type PatchPlan,
  type PlanEntry,
  type PlanInputs,
  resolvePlan,
  type UnfixedPackage,
} from './plan.js';
export { type PlanPatchOptions, type PlanPatchResult, planPatch } from './plan-patch.js';
export type { DebReference, RepositoryIndexSource, VerifiedPackagesIndex } from './source.js';
