import type { Readable } from 'node:stream';
import type { Descriptor } from '../model/types.js';

/** Where a blob may be had without sending its bytes: a repository on the same registry. */
export interface MountHint {
  /** Registry host of the source, compared with the target's. */
  registry: string;
  /** Repository the blob can be mounted from. */
  repository: string;
}

/**
 * A place images are written to. `copy` calls it children first: blobs, then the manifests
 * that name them, then `commit` publishes the root under its tag. Until `commit`, nothing a
 * reader would resolve has changed (registry: no tag; layout: no index.json entry; archive: no
 * file), so an interrupted copy leaves only blobs behind, which a re-run reuses.
 */
export interface ImageTarget {
  /** Names the destination in errors and progress lines. */
  readonly name: string;
  /** True when the destination holds the blob already. */
  hasBlob(descriptor: Descriptor): Promise<boolean>;
  /**
   * Stores a blob. `open` returns the verified source stream; the target must not publish the
   * blob unless that stream ended without error. Returns how the blob arrived.
   */
  putBlob(
    descriptor: Descriptor,
    open: () => Promise<Readable>,
    mount?: MountHint,
  ): Promise<'sent' | 'mounted'>;
  /** True when the destination holds the manifest already. */
  hasManifest(descriptor: Descriptor): Promise<boolean>;
  /** Stores a manifest by digest (children of an index, and the root before it is tagged). */
  putManifest(descriptor: Descriptor, raw: Uint8Array): Promise<void>;
  /** Publishes the root manifest under the target's tag (if any), atomically; then closes. */
  commit(root: Descriptor, raw: Uint8Array): Promise<void>;
  /** Discards what an unfinished write holds open (temporary files); safe to call twice. */
  abort(): Promise<void>;
}
