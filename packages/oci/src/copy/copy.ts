import { pipeline, Transform, type TransformCallback } from 'node:stream';
import { OciError } from '../errors.js';
import { isForeignLayer, isIndexMediaType } from '../media-types.js';
import type { Image, ImageIndex, ImageOrIndex } from '../model/image.js';
import { formatPlatform, hostPlatform, platformMatches } from '../model/platform.js';
import type { Descriptor, Platform } from '../model/types.js';
import type { ImageTarget, MountHint } from './target.js';

/** How a blob reached the destination. */
export type BlobAction = 'sent' | 'mounted' | 'skipped' | 'foreign';

/** What a copy reports as it goes (for progress lines). */
export type CopyEvent =
  | { type: 'blob'; descriptor: Descriptor; action: BlobAction }
  | { type: 'bytes'; descriptor: Descriptor; bytes: number };

/** Options of `copyToTarget`. */
export interface CopyOptions {
  /** Copy every platform of an index (the index itself is kept, byte for byte). */
  allPlatforms?: boolean;
  /** The platform to pick from an index when not copying all; the host's by default. */
  platform?: Platform;
  /** Blobs copied at once. */
  concurrency?: number;
  /** Lets a registry target mount blobs from the source repository instead of uploading them. */
  mount?: MountHint;
  onEvent?: (event: CopyEvent) => void;
}

/** What a copy did. */
export interface CopyResult {
  /** Descriptor of the root manifest written (an index, or one image). */
  root: Descriptor;
  blobs: Record<BlobAction, number>;
  /** Bytes sent (blobs and manifests mounted or skipped excluded). */
  bytes: number;
}

class ByteCounter extends Transform {
  constructor(readonly onBytes: (n: number) => void) {
    super();
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, callback: TransformCallback): void {
    this.onBytes(chunk.byteLength);
    callback(null, chunk);
  }
}

async function eachLimit<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed: unknown;
  const worker = async (): Promise<void> => {
    while (failed === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await run(item);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed !== undefined) throw failed;
}

/** Picks the child of an index for `platform`; a one-entry index without platforms is its own answer. */
export async function selectPlatformImage(
  index: ImageIndex,
  platform: Platform,
  name: string,
): Promise<Descriptor> {
  const manifests = (await index.indexManifest()).manifests;
  const found = manifests.find(
    (m) => !isIndexMediaType(m.mediaType) && platformMatches(platform, m.platform),
  );
  if (found !== undefined) return found;
  const listed = manifests.map((m) => (m.platform ? formatPlatform(m.platform) : m.digest)).join(', ');
  throw new OciError(
    'PLATFORM_NOT_FOUND',
    `${name}: no image for platform ${formatPlatform(platform)} (has ${listed})`,
    {
      input: name,
      hint: 'pick one with --platform, or copy them all with --all-platforms',
    },
  );
}

/**
 * Writes an image or index into a target, children first and the root last. Blobs the target
 * holds are skipped, foreign layers are passed through by descriptor only, and manifest bytes go
 * across exactly as read, so every digest is kept.
 */
export async function copyToTarget(
  source: ImageOrIndex,
  target: ImageTarget,
  name: string,
  options: CopyOptions = {},
): Promise<CopyResult> {
  const blobs: Record<BlobAction, number> = { sent: 0, mounted: 0, skipped: 0, foreign: 0 };
  let bytes = 0;
  const emit = options.onEvent ?? (() => {});
  const concurrency = options.concurrency ?? 4;
  const seen = new Set<string>();

  const copyBlob = async (
    descriptor: Descriptor,
    open: () => Promise<NodeJS.ReadableStream>,
  ): Promise<void> => {
    if (seen.has(descriptor.digest)) return;
    seen.add(descriptor.digest);
    let action: BlobAction;
    if (isForeignLayer(descriptor.mediaType)) action = 'foreign';
    else if (await target.hasBlob(descriptor)) action = 'skipped';
    else {
      action = await target.putBlob(
        descriptor,
        async () => {
          const counter = new ByteCounter((n) => {
            bytes += n;
            emit({ type: 'bytes', descriptor, bytes: n });
          });
          // pipeline() keeps an error listener on the counter: a target may attach its own
          // consumer only after an await, by which time a small bad blob has already failed.
          pipeline(await open(), counter, () => {});
          return counter;
        },
        options.mount,
      );
    }
    blobs[action]++;
    emit({ type: 'blob', descriptor, action });
  };

  const copyImage = async (image: Image, isRoot: boolean): Promise<Descriptor> => {
    const manifest = await image.manifest();
    const descriptor = await image.descriptor();
    const raw = await image.rawManifest();
    if (!isRoot && (await target.hasManifest(descriptor))) {
      // A manifest is pushed only after its blobs, so a present manifest means present blobs.
      blobs.skipped += 1 + manifest.layers.length;
      return descriptor;
    }
    await copyBlob(manifest.config, () => image.blob(manifest.config));
    await eachLimit(manifest.layers, concurrency, (layer) => copyBlob(layer, () => image.blob(layer)));
    // The root manifest is written by commit(), which also tags it.
    if (!isRoot) await target.putManifest(descriptor, raw);
    return descriptor;
  };

  const copyIndex = async (index: ImageIndex, isRoot: boolean): Promise<Descriptor> => {
    const descriptor = await index.descriptor();
    const raw = await index.rawManifest();
    for (const child of (await index.indexManifest()).manifests) {
      if (isIndexMediaType(child.mediaType)) await copyIndex(await index.imageIndex(child.digest), false);
      else await copyImage(await index.image(child.digest), false);
    }
    if (!isRoot) await target.putManifest(descriptor, raw);
    return descriptor;
  };

  try {
    let rootImage: ImageOrIndex = source;
    if (source.kind === 'index' && options.allPlatforms !== true) {
      const chosen = await selectPlatformImage(source.index, options.platform ?? hostPlatform(), name);
      rootImage = { kind: 'image', image: await source.index.image(chosen.digest) };
    }
    const root =
      rootImage.kind === 'index'
        ? await copyIndex(rootImage.index, true)
        : await copyImage(rootImage.image, true);
    const raw =
      rootImage.kind === 'index' ? await rootImage.index.rawManifest() : await rootImage.image.rawManifest();
    await target.commit(root, raw);
    return { root, blobs, bytes };
  } catch (error) {
    await target.abort();
    throw error;
  }
}
