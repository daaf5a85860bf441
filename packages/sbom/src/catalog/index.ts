/** Resolvers: where catalogers read files from (a directory, memory; later a flattened image). */
export {
  type DirectoryEntry,
  DirectoryResolver,
  type DirectoryResolverOptions,
  type Location,
  MemoryResolver,
  type Resolver,
} from '../resolver/index.js';
/** Cataloging a directory (or any resolver) into components and dependency edges. */
export { type CatalogOptions, type CatalogResult, catalogDirectory, catalogResolver } from './catalog.js';
/** The cataloger contract: a name, globs, tags and a parser of (contents, location, environment). */
export type {
  CatalogEnvironment,
  Cataloger,
  CatalogerTag,
  ManifestParser,
  ParsedPackages,
} from './cataloger.js';
/** The registry of every cataloger, and selection by tags. */
export { catalogers, selectCatalogers } from './registry.js';
/** The VCS origin (remote URL, commit) of a git checkout, read without running git. */
export { readGitInfo } from './vcs.js';
