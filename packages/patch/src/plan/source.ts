import type { PackageOrigin } from '../resolve/index.js';

/** One `Packages` index whose bytes the repository layer has verified against a signed `Release`. */
export interface VerifiedPackagesIndex {
  origin: PackageOrigin;
  /** The index's architecture (`binary-ARCH`); it also lists `Architecture: all` packages. */
  architecture: string;
  /** SHA256 of the uncompressed `Packages` as the verified `Release` lists it: the parse cache key. */
  sha256: string;
  /** The verified uncompressed text; asked for only when the parse cache misses. */
  text(): Promise<string>;
}

/** A `.deb` the plan names: where it is and what its bytes must hash to (from `Packages`). */
export interface DebReference {
  url: string;
  sha256: string;
  size: number;
}

/**
 * What planning needs of repositories: the verified indexes of every repository the rootfs (and the
 * caller) configure, and verified downloads. The repository layer (sources/, release/, fetch/)
 * implements it; tests may hand in-memory indexes.
 */
export interface RepositoryIndexSource {
  indexes(): Promise<VerifiedPackagesIndex[]>;
  /** Fetches `deb` to `path`, refusing bytes whose SHA256 or size differ. */
  download(deb: DebReference, path: string): Promise<void>;
}
