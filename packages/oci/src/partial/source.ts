import type { Readable } from 'node:stream';
import type { Descriptor } from '../model/types.js';

/**
 * The little a transport really has: manifest bytes and blob bytes by descriptor. `partial`
 * builds full `Image`s and `ImageIndex`es from it, verifying every byte on the way.
 */
export interface BlobSource {
  /** Names the image in errors: `docker://…`, `oci:DIR:TAG`, … */
  readonly name: string;
  /** The raw bytes of the manifest `descriptor` points to (verified by the caller). */
  fetchManifest(descriptor: Descriptor): Promise<Uint8Array>;
  /** The raw bytes of a blob (verified by the caller while streaming). */
  fetchBlob(descriptor: Descriptor): Promise<Readable>;
}
