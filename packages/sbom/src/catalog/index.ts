export {
  type DirectoryEntry,
  DirectoryResolver,
  type DirectoryResolverOptions,
  type Location,
  MemoryResolver,
  type Resolver,
} from '../resolver/index.js';
export { type CatalogOptions, type CatalogResult, catalogDirectory, catalogResolver } from './catalog.js';
export type {
  CatalogEnvironment,
  Cataloger,
  CatalogerTag,
  ManifestParser,
  ParsedPackages,
} from './cataloger.js';
export { catalogers, selectCatalogers } from './registry.js';
export { readGitInfo } from './vcs.js';
