import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Digest,
  digestOf,
  hashStream,
  parseDigest,
  VerifyingStream,
  writeStreamAtomic,
} from '@custody/core';
import { sniffCompression } from '../compression/decompress.js';
import { OciError } from '../errors.js';
import { MediaType } from '../media-types.js';
import type { Image, ImageOrIndex } from '../model/image.js';
import type { Descriptor, Manifest } from '../model/types.js';
import { imageFromSource } from '../partial/image.js';
import { parseJson } from '../partial/manifest.js';
import type { BlobSource } from '../partial/source.js';
import { formatReference, parseReference, type Reference } from '../reference/reference.js';
import { TarIndex, type TarMember } from './tar-index.js';
import { TarWriter } from './tar-writer.js';

/** One entry of a `docker save` manifest.json (docker/docker image/tarexport). */
interface ArchiveEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

const LAYER_TYPE = {
  gzip: MediaType.ociLayerGzip,
  zstd: MediaType.ociLayerZstd,
  none: MediaType.ociLayer,
} as const;

function sameImage(tag: string, reference: Reference): boolean {
  try {
    // RepoTags are written short (`debian:bookworm`) by docker and long by skopeo: compare normalized.
    return (
      formatReference(parseReference(tag)) ===
      formatReference({ ...reference, tag: reference.tag ?? 'latest' })
    );
  } catch {
    return false;
  }
}

async function head(tar: TarIndex, member: TarMember): Promise<Uint8Array> {
  const stream = createReadStream(tar.path, {
    start: member.offset,
    end: member.offset + Math.min(member.size, 4) - 1,
  });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Opens the image a `docker save` tarball holds. Such an archive has no manifest: custody makes
 * an OCI manifest from its config and layer files (hashing each layer once), keeping the config
 * bytes, so the config digest and the diff_ids are those of the image that was saved.
 */
export async function dockerArchiveImage(path: string, reference?: Reference): Promise<ImageOrIndex> {
  const name = `docker-archive:${path}${reference !== undefined ? `:${formatReference(reference)}` : ''}`;
  const tar = await TarIndex.open(path, name);
  const manifestMember = tar.resolve('manifest.json');
  if (manifestMember === undefined) {
    throw new OciError('INVALID_ARCHIVE', `${name}: no manifest.json: not a docker-archive`, { input: name });
  }
  const entries = parseJson(await tar.read(manifestMember), 'manifest.json', name) as ArchiveEntry[];
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new OciError('INVALID_ARCHIVE', `${name}: manifest.json lists no image`, { input: name });
  }
  let entry: ArchiveEntry | undefined;
  if (reference !== undefined) {
    entry = entries.find((e) => (e.RepoTags ?? []).some((t) => sameImage(t, reference)));
    if (entry === undefined) {
      throw new OciError(
        'IMAGE_NOT_FOUND',
        `${name}: the archive has no image ${formatReference(reference)}`,
        {
          input: name,
        },
      );
    }
  } else if (entries.length === 1) {
    entry = entries[0];
  } else {
    throw new OciError('AMBIGUOUS_IMAGE', `${name}: the archive holds ${entries.length} images; name one`, {
      input: name,
      hint: 'append :NAME:TAG to the location',
    });
  }
  const image = entry as ArchiveEntry;
  const member = (file: string): TarMember => {
    const found = tar.resolve(file);
    if (found === undefined) {
      throw new OciError('BLOB_NOT_FOUND', `${name}: ${file} is missing from the archive`, { input: name });
    }
    return found;
  };
  const configMember = member(image.Config);
  const rawConfig = await tar.read(configMember);
  const byDigest = new Map<string, TarMember>();
  const config: Descriptor = {
    mediaType: MediaType.ociConfig,
    digest: digestOf(rawConfig),
    size: rawConfig.byteLength,
  };
  byDigest.set(config.digest, configMember);
  const layers: Descriptor[] = [];
  for (const file of image.Layers) {
    const layer = member(file);
    const { digests } = await hashStream(tar.stream(layer));
    const digest = digests.get('sha256') as Digest;
    byDigest.set(digest, layer);
    layers.push({
      mediaType: LAYER_TYPE[sniffCompression(await head(tar, layer))],
      digest,
      size: layer.size,
    });
  }
  const manifest: Manifest = { schemaVersion: 2, mediaType: MediaType.ociManifest, config, layers };
  const raw = Buffer.from(JSON.stringify(manifest));
  const source: BlobSource = {
    name,
    fetchManifest: async () => raw,
    fetchBlob: async (d) => {
      const found = byDigest.get(d.digest);
      if (found === undefined)
        throw new OciError('BLOB_NOT_FOUND', `${name}: no blob ${d.digest}`, { input: name });
      return tar.stream(found);
    },
  };
  return {
    kind: 'image',
    image: imageFromSource(
      source,
      { mediaType: MediaType.ociManifest, digest: digestOf(raw), size: raw.byteLength },
      raw,
    ),
  };
}

/** Options of `writeDockerArchive`. */
export interface DockerArchiveWriteOptions {
  /** Fail instead of decompressing layers (which changes their digests). */
  preserveDigests?: boolean;
}

/**
 * Writes one image as a `docker save` tarball (manifest.json, `<config-hex>.json`,
 * `<diff_id-hex>.tar`). docker-archive layers are uncompressed tars, so compressed layers are
 * decompressed through a temporary file (their size must be known before the tar entry) and
 * checked against the config's diff_ids. The archive is renamed into place when complete.
 */
export async function writeDockerArchive(
  image: Image,
  path: string,
  reference?: Reference,
  options: DockerArchiveWriteOptions = {},
): Promise<{ config: Digest; diffIds: Digest[] }> {
  const name = `docker-archive:${path}`;
  const manifest = await image.manifest();
  const configFile = await image.configFile();
  const layers = await image.layers();
  const compressed = layers.filter((l) => l.compression() !== 'none');
  if (options.preserveDigests === true && compressed.length > 0) {
    throw new OciError(
      'DIGEST_NOT_PRESERVED',
      `${name}: docker-archive stores layers uncompressed; ${compressed.length} compressed layer(s) would change digest`,
      { input: name, hint: 'drop --preserve-digests, or copy to oci: or oci-archive:' },
    );
  }
  const writer = await TarWriter.create(path);
  const scratch = await mkdtemp(join(tmpdir(), 'custody-docker-archive-'));
  try {
    const diffIds = configFile.rootfs?.diff_ids ?? [];
    const files: string[] = [];
    for (const [i, layer] of layers.entries()) {
      const diffId = diffIds[i];
      if (diffId === undefined) {
        throw new OciError('INVALID_MANIFEST', `${name}: the config lists no diff_id for layer ${i + 1}`, {
          input: name,
        });
      }
      const file = `${parseDigest(diffId).hex}.tar`;
      files.push(file);
      if (layer.compression() === 'none') {
        await writer.addStream(file, layer.descriptor().size, () => layer.compressed());
        continue;
      }
      const temporary = join(scratch, `${i}.tar`);
      await writeStreamAtomic(temporary, await layer.uncompressed(), {
        through: [
          new VerifyingStream({ digest: diffId, input: `${name} (diff_id of layer ${layer.digest()})` }),
        ],
      });
      const { size } = await stat(temporary);
      await writer.addStream(file, size, async () => createReadStream(temporary));
    }
    const configName = `${parseDigest(manifest.config.digest).hex}.json`;
    await writer.addBytes(configName, await image.rawConfig());
    const repoTags =
      reference !== undefined ? [formatReference({ ...reference, tag: reference.tag ?? 'latest' })] : [];
    const entries: ArchiveEntry[] = [{ Config: configName, RepoTags: repoTags, Layers: files }];
    await writer.addBytes('manifest.json', Buffer.from(JSON.stringify(entries)));
    await writer.commit();
    return { config: manifest.config.digest, diffIds };
  } catch (error) {
    await writer.abort();
    throw error;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
