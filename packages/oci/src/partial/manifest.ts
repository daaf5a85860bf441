import { type Digest, digestOf } from '@custody/core';
import { OciError } from '../errors.js';
import { isImageMediaType, isIndexMediaType, MediaType } from '../media-types.js';
import type { Descriptor, IndexManifest, Manifest } from '../model/types.js';

/** Manifests larger than this are refused (distribution's own limit is 4 MiB). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** Checks manifest bytes against the descriptor that named them: size, then digest. */
export function verifyManifestBytes(raw: Uint8Array, descriptor: Descriptor, name: string): void {
  if (raw.byteLength !== descriptor.size) {
    throw new OciError(
      'INVALID_MANIFEST',
      `${name}: manifest ${descriptor.digest} has ${raw.byteLength} bytes, expected ${descriptor.size}`,
      { input: name, expected: String(descriptor.size), found: String(raw.byteLength) },
    );
  }
  const found = digestOf(raw, (descriptor.digest.split(':')[0] ?? 'sha256') as 'sha256');
  if (found !== descriptor.digest) {
    throw new OciError(
      'INVALID_MANIFEST',
      `${name}: digest mismatch: expected ${descriptor.digest}, found ${found}`,
      {
        input: name,
        expected: descriptor.digest,
        found,
      },
    );
  }
}

/** Parses JSON bytes, naming the input on failure. */
export function parseJson(raw: Uint8Array, what: string, name: string): unknown {
  try {
    return JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch (cause) {
    throw new OciError('INVALID_MANIFEST', `${name}: ${what} is not valid JSON`, { input: name, cause });
  }
}

/**
 * The media type of manifest bytes: the `mediaType` field when present (Docker always sets it),
 * else the descriptor's, else inferred from the shape (OCI makes the field optional).
 */
export function manifestMediaType(parsed: unknown, fallback: string | undefined, name: string): string {
  const record = (parsed ?? {}) as Record<string, unknown>;
  const declared = typeof record.mediaType === 'string' ? record.mediaType : undefined;
  const mediaType =
    declared ??
    fallback ??
    (Array.isArray(record.manifests)
      ? MediaType.ociIndex
      : record.config
        ? MediaType.ociManifest
        : undefined);
  if (mediaType === undefined || !(isIndexMediaType(mediaType) || isImageMediaType(mediaType))) {
    throw new OciError(
      'UNKNOWN_MEDIA_TYPE',
      `${name}: unknown manifest media type "${mediaType ?? '(none)'}"`,
      {
        input: name,
        expected: [
          MediaType.ociIndex,
          MediaType.ociManifest,
          MediaType.dockerManifestList,
          MediaType.dockerManifest,
        ].join(', '),
        found: mediaType ?? '(none)',
      },
    );
  }
  return mediaType;
}

function isDescriptor(value: unknown): value is Descriptor {
  const d = value as Partial<Descriptor> | undefined;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.mediaType === 'string' &&
    typeof d.digest === 'string' &&
    typeof d.size === 'number'
  );
}

/** Checks the shape of an image manifest. */
export function asManifest(parsed: unknown, name: string): Manifest {
  const m = parsed as Partial<Manifest>;
  if (
    m?.schemaVersion !== 2 ||
    !isDescriptor(m.config) ||
    !Array.isArray(m.layers) ||
    !m.layers.every(isDescriptor)
  ) {
    throw new OciError(
      'INVALID_MANIFEST',
      `${name}: not a schema 2 image manifest (config and layers required)`,
      {
        input: name,
      },
    );
  }
  return m as Manifest;
}

/** Checks the shape of an image index. */
export function asIndexManifest(parsed: unknown, name: string): IndexManifest {
  const m = parsed as Partial<IndexManifest>;
  if (m?.schemaVersion !== 2 || !Array.isArray(m.manifests) || !m.manifests.every(isDescriptor)) {
    throw new OciError('INVALID_MANIFEST', `${name}: not a schema 2 image index (manifests required)`, {
      input: name,
    });
  }
  return m as IndexManifest;
}

/** A descriptor for manifest bytes held in memory. */
export function descriptorOfManifest(raw: Uint8Array, mediaType: string): Descriptor {
  return { mediaType, digest: digestOf(raw) as Digest, size: raw.byteLength };
}
