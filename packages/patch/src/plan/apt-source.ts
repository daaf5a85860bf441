import { AptRepositorySource, RepositoryCache } from '../fetch/index.js';
import type { Rootfs } from '../rootfs/index.js';
import { applyRepositoryOverrides, readAptSources, readExtraKeyrings } from '../sources/index.js';
import type { RepositoryIndexSource } from './source.js';

/** How the rootfs's repositories are read: overrides, extra keys, the clock and the cache. */
export interface AptSourceOptions {
  repos?: string[];
  keyrings?: string[];
  now?: Date;
  cacheDir?: string;
}

/**
 * The repositories apt in the rootfs would use (its sources, `--repo` lines replacing a suite or
 * adding one), for dpkg's architectures, verified by the repository layer.
 */
export async function aptRepositorySource(
  rootfs: Rootfs,
  options: AptSourceOptions = {},
): Promise<RepositoryIndexSource> {
  let sources = await readAptSources(rootfs.root);
  if (options.repos !== undefined && options.repos.length > 0)
    sources = applyRepositoryOverrides(sources, options.repos);
  const now = options.now;
  return new AptRepositorySource({
    root: rootfs.root,
    sources,
    architectures: [rootfs.nativeArch, ...rootfs.foreignArchs],
    ...(options.keyrings !== undefined && options.keyrings.length > 0
      ? { extraKeyring: await readExtraKeyrings(options.keyrings) }
      : {}),
    ...(options.cacheDir !== undefined ? { cache: new RepositoryCache(options.cacheDir) } : {}),
    ...(now !== undefined ? { now: () => now } : {}),
  });
}
