export { DirectoryResolver, type DirectoryResolverOptions } from './directory.js';
export { MemoryResolver } from './memory.js';
export { type DirectoryEntry, dirnameOf, joinPath, type Location, type Resolver } from './resolver.js';
