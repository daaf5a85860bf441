export {
  assembleSbom,
  type CatalogedProject,
  type DocumentOptions,
  formatCreated,
  parseParty,
} from './assemble.js';
export { isValidDocumentNamespace, nameBasedUuid, serialNumberFor } from './identity.js';
export { checkDocumentNamespace, parseSourceDateEpoch } from './options.js';
