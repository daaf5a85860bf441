export { keyringForSource, readDefaultKeyrings, readExtraKeyrings } from './keys.js';
export { parseDeb822Sources, parseOneLineSources } from './parse.js';
export { applyRepositoryOverrides, readAptSources } from './read.js';
export { type AptSource, parseSignedBy, releaseBaseUrl, repositoryKey, type SignedBy } from './source.js';
