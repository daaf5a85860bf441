import type { Readable } from 'node:stream';
import { type Digest, hashStream } from '@custody/core';
import { DecompressionErrors, decompressor } from '../compression/decompress.js';
import { OciError } from '../errors.js';
import {
  type Compression,
  compressionOfMediaType,
  isImageMediaType,
  isIndexMediaType,
} from '../media-types.js';
import type { Image, ImageIndex, ImageOrIndex, Layer } from '../model/image.js';
import type { ConfigFile, Descriptor, IndexManifest, Manifest } from '../model/types.js';
import {
  asIndexManifest,
  asManifest,
  manifestMediaType,
  parseJson,
  verifyManifestBytes,
} from './manifest.js';
import type { BlobSource } from './source.js';
import { through, verifiedStream } from './verified.js';

/** Reads a whole verified blob into memory (configs only: they are small). */
async function readAll(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load();
    return pending;
  };
}

function blobName(source: BlobSource, descriptor: Descriptor): string {
  return `${source.name} (blob ${descriptor.digest})`;
}

/** A layer read from `source`; its diffID comes from the config, or is computed when absent. */
class SourceLayer implements Layer {
  readonly #source: BlobSource;
  readonly #descriptor: Descriptor;
  readonly #diffId: () => Promise<Digest>;

  constructor(source: BlobSource, descriptor: Descriptor, knownDiffId: () => Promise<Digest | undefined>) {
    this.#source = source;
    this.#descriptor = descriptor;
    this.#diffId = once(async () => {
      const known = await knownDiffId();
      if (known !== undefined) return known;
      const { digests } = await hashStream(await this.uncompressed());
      return digests.get('sha256') as Digest;
    });
  }

  descriptor(): Descriptor {
    return this.#descriptor;
  }

  digest(): Digest {
    return this.#descriptor.digest;
  }

  diffId(): Promise<Digest> {
    return this.#diffId();
  }

  compression(): Compression {
    return compressionOfMediaType(this.#descriptor.mediaType) ?? 'none';
  }

  async compressed(): Promise<Readable> {
    const raw = await this.#source.fetchBlob(this.#descriptor);
    return verifiedStream(raw, this.#descriptor, blobName(this.#source, this.#descriptor));
  }

  async uncompressed(): Promise<Readable> {
    const mediaType = this.#descriptor.mediaType;
    const compression = compressionOfMediaType(mediaType);
    if (compression === undefined) {
      throw new OciError(
        'UNKNOWN_MEDIA_TYPE',
        `${this.#source.name}: layer ${this.digest()} has unknown media type "${mediaType}"`,
        {
          input: this.#source.name,
          found: mediaType,
        },
      );
    }
    const name = `${this.#source.name} (layer ${this.digest()})`;
    return through(
      await this.compressed(),
      decompressor(compression),
      new DecompressionErrors(name, compression),
    );
  }
}

/**
 * Loads manifest bytes once, checks them against their descriptor, and parses them, refusing an
 * index where an image is wanted and the reverse.
 */
function manifestLoader(
  source: BlobSource,
  descriptor: Descriptor,
  raw: Uint8Array | undefined,
  want: 'image' | 'index',
) {
  const rawManifest = once(async () => {
    const bytes = raw ?? (await source.fetchManifest(descriptor));
    verifyManifestBytes(bytes, descriptor, source.name);
    return bytes;
  });
  const parsed = once(async () => {
    const json = parseJson(await rawManifest(), want === 'image' ? 'manifest' : 'index', source.name);
    const mediaType = manifestMediaType(json, descriptor.mediaType, source.name);
    const isWanted = want === 'image' ? isImageMediaType(mediaType) : isIndexMediaType(mediaType);
    if (!isWanted) {
      const other = want === 'image' ? 'an index' : 'an image';
      throw new OciError(
        'INVALID_MANIFEST',
        `${source.name}: ${descriptor.digest} is ${other}, not ${want === 'image' ? 'an image' : 'an index'}`,
        {
          input: source.name,
        },
      );
    }
    return { mediaType, json };
  });
  return { rawManifest, parsed };
}

/** Builds an `Image` from a transport's manifest and blob access (ggcr's partial.CompressedToImage). */
export function imageFromSource(source: BlobSource, descriptor: Descriptor, raw?: Uint8Array): Image {
  const { rawManifest, parsed: typed } = manifestLoader(source, descriptor, raw, 'image');
  const parsed = once(async () => {
    const { mediaType, json } = await typed();
    return { mediaType, manifest: asManifest(json, source.name) };
  });
  const blob = async (d: Descriptor): Promise<Readable> =>
    verifiedStream(await source.fetchBlob(d), d, blobName(source, d));
  const rawConfig = once(async () => readAll(await blob((await parsed()).manifest.config)));
  const configFile = once(async () => {
    const json = parseJson(await rawConfig(), 'config', source.name) as Partial<ConfigFile>;
    if (json.rootfs !== undefined && !Array.isArray(json.rootfs.diff_ids)) {
      throw new OciError('INVALID_MANIFEST', `${source.name}: config rootfs.diff_ids is not a list`, {
        input: source.name,
      });
    }
    return json as ConfigFile;
  });
  const layers = once(async () => {
    const { manifest } = await parsed();
    return manifest.layers.map(
      (d, i) =>
        new SourceLayer(source, d, async () => {
          const config = await configFile();
          return config.rootfs?.diff_ids?.[i];
        }),
    );
  });
  return {
    mediaType: async () => (await parsed()).mediaType,
    rawManifest,
    manifest: async (): Promise<Manifest> => (await parsed()).manifest,
    descriptor: async () => {
      await rawManifest();
      return { ...descriptor, mediaType: (await parsed()).mediaType };
    },
    rawConfig,
    configFile,
    layers,
    blob,
  };
}

/** Builds an `ImageIndex` from a transport's manifest and blob access. */
export function indexFromSource(source: BlobSource, descriptor: Descriptor, raw?: Uint8Array): ImageIndex {
  const { rawManifest, parsed: typed } = manifestLoader(source, descriptor, raw, 'index');
  const parsed = once(async () => {
    const { mediaType, json } = await typed();
    return { mediaType, index: asIndexManifest(json, source.name) };
  });
  const child = async (digest: Digest): Promise<Descriptor> => {
    const found = (await parsed()).index.manifests.find((m) => m.digest === digest);
    if (found === undefined) {
      throw new OciError('IMAGE_NOT_FOUND', `${source.name}: the index lists no manifest ${digest}`, {
        input: source.name,
      });
    }
    return found;
  };
  return {
    mediaType: async () => (await parsed()).mediaType,
    rawManifest,
    indexManifest: async (): Promise<IndexManifest> => (await parsed()).index,
    descriptor: async () => {
      await rawManifest();
      return { ...descriptor, mediaType: (await parsed()).mediaType };
    },
    image: async (digest) => imageFromSource(source, await child(digest)),
    imageIndex: async (digest) => indexFromSource(source, await child(digest)),
  };
}

/**
 * Resolves a descriptor to an image or an index. When the descriptor's media type is not a
 * manifest type (a layout entry may lack it), the manifest bytes decide.
 */
export async function resolveDescriptor(
  source: BlobSource,
  descriptor: Descriptor,
  raw?: Uint8Array,
): Promise<ImageOrIndex> {
  let mediaType = descriptor.mediaType;
  let bytes = raw;
  if (!isIndexMediaType(mediaType) && !isImageMediaType(mediaType)) {
    bytes ??= await source.fetchManifest(descriptor);
    verifyManifestBytes(bytes, descriptor, source.name);
    mediaType = manifestMediaType(parseJson(bytes, 'manifest', source.name), undefined, source.name);
  }
  const typed = { ...descriptor, mediaType };
  return isIndexMediaType(mediaType)
    ? { kind: 'index', index: indexFromSource(source, typed, bytes) }
    : { kind: 'image', image: imageFromSource(source, typed, bytes) };
}
