export { RepositoryCache } from './cache.js';
export { getRequired, HttpTransport, type RepositoryTransport, readAll } from './http.js';
export { releaseEntry, verifyIndexBytes } from './index-file.js';
export { type AptRepositoryOptions, AptRepositorySource } from './repository-source.js';
