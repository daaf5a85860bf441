import type { Readable } from 'node:stream';
import type { Digest } from '@custody/core';
import type { Compression } from '../media-types.js';
import type { ConfigFile, Descriptor, IndexManifest, Manifest } from './types.js';

/**
 * One layer of an image. Bytes are streams opened on demand, checked against the layer's digest
 * and size as they flow: a stream that read bad bytes ends in an error, never in success.
 */
export interface Layer {
  /** The descriptor of the (possibly compressed) blob, as the manifest lists it. */
  descriptor(): Descriptor;
  /** Digest of the blob as stored (compressed). */
  digest(): Digest;
  /** Digest of the uncompressed tar (the config's diff_id for this layer). */
  diffId(): Promise<Digest>;
  /** Compression of the blob, from its media type. */
  compression(): Compression;
  /** The stored bytes, verified while streaming. */
  compressed(): Promise<Readable>;
  /** The tar bytes, decompressed and verified against the blob digest while streaming. */
  uncompressed(): Promise<Readable>;
}

/** One image: a manifest, its config and its layers. Nothing is read before it is asked for. */
export interface Image {
  /** The manifest's media type. */
  mediaType(): Promise<string>;
  /** The manifest bytes exactly as stored; never re-serialized. */
  rawManifest(): Promise<Uint8Array>;
  /** The parsed manifest. */
  manifest(): Promise<Manifest>;
  /** Descriptor of the manifest (digest of `rawManifest`). */
  descriptor(): Promise<Descriptor>;
  /** The config bytes exactly as stored. */
  rawConfig(): Promise<Uint8Array>;
  /** The parsed config. */
  configFile(): Promise<ConfigFile>;
  /** The layers, in manifest order. */
  layers(): Promise<Layer[]>;
  /** A blob the manifest names (config or layer), verified while streaming. */
  blob(descriptor: Descriptor): Promise<Readable>;
}

/** An image index (or Docker manifest list) whose children are images or nested indexes. */
export interface ImageIndex {
  mediaType(): Promise<string>;
  rawManifest(): Promise<Uint8Array>;
  indexManifest(): Promise<IndexManifest>;
  descriptor(): Promise<Descriptor>;
  /** The child image the index lists under `digest`. */
  image(digest: Digest): Promise<Image>;
  /** The child index the index lists under `digest`. */
  imageIndex(digest: Digest): Promise<ImageIndex>;
}

/** What a reference resolves to: an index or a single image. */
export type ImageOrIndex = { kind: 'index'; index: ImageIndex } | { kind: 'image'; image: Image };
