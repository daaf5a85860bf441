import { type Digest, digestOf } from '@custody/core';
import { OciError } from '../errors.js';
import type { ImageOrIndex } from '../model/image.js';
import { resolveDescriptor } from '../partial/image.js';
import { manifestMediaType, parseJson } from '../partial/manifest.js';
import type { BlobSource } from '../partial/source.js';
import { formatReference, manifestIdentifier, type Reference } from '../reference/reference.js';
import type { RemoteOptions } from './options.js';
import { Registry } from './registry.js';

/** The blob access of one repository. */
export function remoteSource(registry: Registry, repository: string): BlobSource {
  return {
    name: registry.client.name,
    fetchManifest: async (descriptor) => (await registry.getManifest(repository, descriptor.digest)).raw,
    fetchBlob: (descriptor) => registry.getBlob(repository, descriptor.digest),
  };
}

/**
 * Opens the image or index a reference names. Only the root manifest is fetched now, and its
 * digest is checked against the reference's digest when it has one.
 */
export async function remoteImage(reference: Reference, options: RemoteOptions = {}): Promise<ImageOrIndex> {
  const name = `docker://${formatReference(reference)}`;
  const registry = new Registry(reference.registry, name, options);
  const fetched = await registry.getManifest(reference.repository, manifestIdentifier(reference));
  const algorithm = (reference.digest?.split(':')[0] ?? 'sha256') as 'sha256';
  const digest = digestOf(fetched.raw, algorithm) as Digest;
  if (reference.digest !== undefined && digest !== reference.digest) {
    throw new OciError(
      'INVALID_MANIFEST',
      `${name}: digest mismatch: expected ${reference.digest}, found ${digest}`,
      {
        input: name,
        expected: reference.digest,
        found: digest,
      },
    );
  }
  const mediaType = manifestMediaType(
    parseJson(fetched.raw, 'manifest', name),
    fetched.mediaType || undefined,
    name,
  );
  return resolveDescriptor(
    remoteSource(registry, reference.repository),
    { mediaType, digest, size: fetched.raw.byteLength },
    fetched.raw,
  );
}

/** The tags of a repository, every page. */
export async function listTags(reference: Reference, options: RemoteOptions = {}): Promise<string[]> {
  const name = `docker://${reference.registry}/${reference.repository}`;
  return new Registry(reference.registry, name, options).tags(reference.repository);
}
