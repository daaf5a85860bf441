import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { parseDigest } from '@custody/core';
import { OciError } from '../errors.js';
import type { ImageOrIndex } from '../model/image.js';
import { type Descriptor, type IndexManifest, REF_NAME_ANNOTATION } from '../model/types.js';
import { resolveDescriptor } from '../partial/image.js';
import { asIndexManifest, MAX_MANIFEST_BYTES, parseJson } from '../partial/manifest.js';
import type { BlobSource } from '../partial/source.js';

/** The `oci-layout` file's content (image-spec image-layout.md). */
export const OCI_LAYOUT_FILE = { imageLayoutVersion: '1.0.0' };

/** The path of a blob inside a layout: `blobs/<algorithm>/<hex>`. */
export function blobPath(dir: string, descriptor: Pick<Descriptor, 'digest'>): string {
  const { algorithm, hex } = parseDigest(descriptor.digest);
  return join(dir, 'blobs', algorithm, hex);
}

function layoutError(dir: string, why: string, cause?: unknown): OciError {
  return new OciError('INVALID_LAYOUT', `oci:${dir}: ${why}`, {
    input: `oci:${dir}`,
    hint: 'an OCI image layout holds oci-layout, index.json and blobs/',
    cause,
  });
}

/** Reads and checks a layout's `index.json`. */
export async function readLayoutIndex(dir: string): Promise<IndexManifest> {
  let layoutBytes: Buffer;
  try {
    layoutBytes = await readFile(join(dir, 'oci-layout'));
  } catch (cause) {
    throw layoutError(dir, 'no oci-layout file: not an OCI image layout', cause);
  }
  const version = (parseJson(layoutBytes, 'oci-layout', `oci:${dir}`) as { imageLayoutVersion?: unknown })
    .imageLayoutVersion;
  if (typeof version !== 'string' || !version.startsWith('1.')) {
    throw layoutError(dir, `unsupported imageLayoutVersion ${JSON.stringify(version)}`);
  }
  let raw: Buffer;
  try {
    raw = await readFile(join(dir, 'index.json'));
  } catch (cause) {
    throw layoutError(dir, 'no index.json', cause);
  }
  return asIndexManifest(parseJson(raw, 'index.json', `oci:${dir}`), `oci:${dir}/index.json`);
}

/** The blob access of a layout directory. */
export function layoutSource(dir: string, name = `oci:${dir}`): BlobSource {
  const missing = (descriptor: Descriptor, cause: unknown): OciError =>
    new OciError('BLOB_NOT_FOUND', `${name}: blob ${descriptor.digest} is missing from the layout`, {
      input: name,
      cause,
    });
  return {
    name,
    async fetchManifest(descriptor) {
      if (descriptor.size > MAX_MANIFEST_BYTES) {
        throw new OciError(
          'MANIFEST_TOO_LARGE',
          `${name}: manifest ${descriptor.digest} is ${descriptor.size} bytes`,
          {
            input: name,
          },
        );
      }
      try {
        return await readFile(blobPath(dir, descriptor));
      } catch (cause) {
        throw missing(descriptor, cause);
      }
    },
    async fetchBlob(descriptor): Promise<Readable> {
      const path = blobPath(dir, descriptor);
      try {
        await stat(path);
      } catch (cause) {
        throw missing(descriptor, cause);
      }
      return createReadStream(path);
    },
  };
}

/**
 * Picks the index.json entry a tag names (`org.opencontainers.image.ref.name`), or the only entry
 * when no tag is given (what skopeo does for `oci:DIR`).
 */
export function selectLayoutEntry(index: IndexManifest, name: string, tag?: string): Descriptor {
  if (tag !== undefined) {
    const found = index.manifests.find((m) => m.annotations?.[REF_NAME_ANNOTATION] === tag);
    if (found === undefined) {
      throw new OciError('IMAGE_NOT_FOUND', `${name}: no image tagged "${tag}" in the layout`, {
        input: name,
      });
    }
    return found;
  }
  const [only, ...others] = index.manifests;
  if (only === undefined)
    throw new OciError('IMAGE_NOT_FOUND', `${name}: the layout holds no image`, { input: name });
  if (others.length > 0) {
    throw new OciError(
      'AMBIGUOUS_IMAGE',
      `${name}: the layout holds ${index.manifests.length} images; name one`,
      {
        input: name,
        hint: 'append :TAG to the location',
      },
    );
  }
  return only;
}

/** Opens the image or index a layout holds under `tag` (lazily: only index.json is read now). */
export async function layoutImage(dir: string, tag?: string): Promise<ImageOrIndex> {
  const name = `oci:${dir}${tag !== undefined ? `:${tag}` : ''}`;
  const index = await readLayoutIndex(dir);
  const entry = selectLayoutEntry(index, name, tag);
  return resolveDescriptor(layoutSource(dir, name), entry);
}
