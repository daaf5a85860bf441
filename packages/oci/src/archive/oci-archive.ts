import { parseDigest } from '@custody/core';
import type { ImageTarget } from '../copy/target.js';
import { OciError } from '../errors.js';
import { OCI_LAYOUT_FILE, selectLayoutEntry } from '../layout/layout.js';
import { layoutEntry, withEntry } from '../layout/write.js';
import { MediaType } from '../media-types.js';
import type { ImageOrIndex } from '../model/image.js';
import type { Descriptor } from '../model/types.js';
import { resolveDescriptor } from '../partial/image.js';
import { asIndexManifest, parseJson, verifyManifestBytes } from '../partial/manifest.js';
import type { BlobSource } from '../partial/source.js';
import { TarIndex } from './tar-index.js';
import { TarWriter } from './tar-writer.js';

function blobName(descriptor: Pick<Descriptor, 'digest'>): string {
  const { algorithm, hex } = parseDigest(descriptor.digest);
  return `blobs/${algorithm}/${hex}`;
}

/** The blob access of an oci-archive: members of the tar, streamed in place. */
function archiveSource(tar: TarIndex, name: string): BlobSource {
  const member = (descriptor: Descriptor) => {
    const found = tar.resolve(blobName(descriptor));
    if (found === undefined) {
      throw new OciError('BLOB_NOT_FOUND', `${name}: blob ${descriptor.digest} is missing from the archive`, {
        input: name,
      });
    }
    return found;
  };
  return {
    name,
    fetchManifest: async (descriptor) => tar.read(member(descriptor)),
    fetchBlob: async (descriptor) => tar.stream(member(descriptor)),
  };
}

/** Opens the image an oci-archive (a tar of an OCI layout) holds under `tag`. */
export async function ociArchiveImage(path: string, tag?: string): Promise<ImageOrIndex> {
  const name = `oci-archive:${path}${tag !== undefined ? `:${tag}` : ''}`;
  const tar = await TarIndex.open(path, name);
  const indexMember = tar.resolve('index.json');
  if (indexMember === undefined || tar.resolve('oci-layout') === undefined) {
    throw new OciError('INVALID_ARCHIVE', `${name}: no index.json or oci-layout: not an OCI archive`, {
      input: name,
    });
  }
  const index = asIndexManifest(parseJson(await tar.read(indexMember), 'index.json', name), name);
  return resolveDescriptor(archiveSource(tar, name), selectLayoutEntry(index, name, tag));
}

/**
 * Writes an oci-archive: blobs stream into a temporary tar, index.json goes last, and the file is
 * renamed into place only when the whole image is in it.
 */
export async function ociArchiveTarget(path: string, tag?: string): Promise<ImageTarget> {
  const name = `oci-archive:${path}${tag !== undefined ? `:${tag}` : ''}`;
  const writer = await TarWriter.create(path);
  const written = new Set<string>();
  const add = async (d: Descriptor, raw: Uint8Array): Promise<void> => {
    if (written.has(d.digest)) return;
    written.add(d.digest);
    await writer.addBytes(blobName(d), raw);
  };
  return {
    name,
    hasBlob: async (d) => written.has(d.digest),
    async putBlob(d, open) {
      written.add(d.digest);
      await writer.addStream(blobName(d), d.size, open);
      return 'sent';
    },
    hasManifest: async (d) => written.has(d.digest),
    async putManifest(d, raw) {
      verifyManifestBytes(raw, d, name);
      await add(d, raw);
    },
    async commit(root, raw) {
      verifyManifestBytes(raw, root, name);
      await add(root, raw);
      await writer.addBytes('oci-layout', Buffer.from(JSON.stringify(OCI_LAYOUT_FILE)));
      const index = withEntry(
        { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] },
        layoutEntry(root, tag),
      );
      await writer.addBytes('index.json', Buffer.from(JSON.stringify(index)));
      await writer.commit();
    },
    abort: () => writer.abort(),
  };
}
