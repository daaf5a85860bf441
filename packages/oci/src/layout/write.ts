import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, writeStreamAtomic } from '@custody/core';
import type { ImageTarget } from '../copy/target.js';
import { MediaType } from '../media-types.js';
import { type Descriptor, type IndexManifest, REF_NAME_ANNOTATION } from '../model/types.js';
import { verifyManifestBytes } from '../partial/manifest.js';
import { blobPath, OCI_LAYOUT_FILE, readLayoutIndex } from './layout.js';

async function exists(path: string, size: number): Promise<boolean> {
  try {
    return (await stat(path)).size === size;
  } catch {
    return false;
  }
}

/** The descriptor index.json records for a root: no platform, our tag as the only annotation. */
export function layoutEntry(root: Descriptor, tag?: string): Descriptor {
  const entry: Descriptor = { mediaType: root.mediaType, digest: root.digest, size: root.size };
  if (tag !== undefined) entry.annotations = { [REF_NAME_ANNOTATION]: tag };
  return entry;
}

/** Adds `entry` to an index.json, replacing the entry that had the same tag (or same untagged digest). */
export function withEntry(index: IndexManifest, entry: Descriptor): IndexManifest {
  const tag = entry.annotations?.[REF_NAME_ANNOTATION];
  const kept = index.manifests.filter((m) => {
    const name = m.annotations?.[REF_NAME_ANNOTATION];
    return tag !== undefined ? name !== tag : !(name === undefined && m.digest === entry.digest);
  });
  return { ...index, schemaVersion: 2, manifests: [...kept, entry] };
}

/**
 * Writes into an OCI image layout: each blob to a temporary file renamed once verified, and
 * index.json replaced atomically last, so a reader never sees an entry whose blobs are missing.
 */
export async function layoutTarget(dir: string, tag?: string): Promise<ImageTarget> {
  const name = `oci:${dir}${tag !== undefined ? `:${tag}` : ''}`;
  let index: IndexManifest = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] };
  let fresh = true;
  try {
    await stat(join(dir, 'index.json'));
    fresh = false;
  } catch {
    // A new layout: created below.
  }
  if (!fresh) index = await readLayoutIndex(dir);
  return {
    name,
    hasBlob: (d) => exists(blobPath(dir, d), d.size),
    async putBlob(d, open) {
      await writeStreamAtomic(blobPath(dir, d), await open());
      return 'sent';
    },
    hasManifest: (d) => exists(blobPath(dir, d), d.size),
    async putManifest(d, raw) {
      verifyManifestBytes(raw, d, name);
      await writeFileAtomic(blobPath(dir, d), raw);
    },
    async commit(root, raw) {
      verifyManifestBytes(raw, root, name);
      if (!(await exists(blobPath(dir, root), root.size))) await writeFileAtomic(blobPath(dir, root), raw);
      try {
        await readFile(join(dir, 'oci-layout'));
      } catch {
        await writeFileAtomic(join(dir, 'oci-layout'), JSON.stringify(OCI_LAYOUT_FILE));
      }
      await writeFileAtomic(
        join(dir, 'index.json'),
        JSON.stringify(withEntry(index, layoutEntry(root, tag))),
      );
    },
    async abort() {
      // Verified blobs stay: they are content-addressed and let a re-run skip them.
    },
  };
}
