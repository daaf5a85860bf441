// Builds small container images in test setup, with no daemon: tar layers made with tar-stream,
// compressed with Node's zlib (gzip) or the zstd CLI, written as an OCI image layout by hand
// from the image-spec (image-layout.md, manifest.md, image-index.md, config.md).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

/** One member of a layer tar. */
export type TarEntry =
  | { name: string; type: 'file'; content: string | Buffer; mode?: number }
  | { name: string; type: 'directory' }
  | { name: string; type: 'symlink'; linkname: string }
  | { name: string; type: 'link'; linkname: string };

export type LayerCompression = 'gzip' | 'zstd' | 'none';

/** A layer blob with what a manifest and a config say about it. */
export interface BuiltLayer {
  blob: Buffer;
  digest: string;
  diffId: string;
  size: number;
  mediaType: string;
}

/** A blob written to a layout with its descriptor. */
export interface BuiltDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
}

export const sha256 = (data: Buffer | string): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** Makes an uncompressed tar from entries (in order). */
export async function makeTar(entries: TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const ended = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  const mtime = new Date('2024-01-01T00:00:00Z');
  for (const entry of entries) {
    if (entry.type === 'file') {
      const content = Buffer.from(entry.content);
      pack.entry({ name: entry.name, size: content.length, mode: entry.mode ?? 0o644, mtime }, content);
    } else if (entry.type === 'directory') {
      pack.entry({ name: entry.name, type: 'directory', mode: 0o755, mtime });
    } else {
      pack.entry({ name: entry.name, type: entry.type, linkname: entry.linkname, mode: 0o777, mtime });
    }
  }
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** Compresses a tar into a layer blob. */
export function compressLayer(tarBytes: Buffer, compression: LayerCompression): BuiltLayer {
  let blob = tarBytes;
  let mediaType = 'application/vnd.oci.image.layer.v1.tar';
  if (compression === 'gzip') {
    blob = gzipSync(tarBytes);
    mediaType += '+gzip';
  } else if (compression === 'zstd') {
    blob = execFileSync('zstd', ['-q', '-c'], { input: tarBytes, maxBuffer: 1 << 30 });
    mediaType += '+zstd';
  }
  return { blob, digest: sha256(blob), diffId: sha256(tarBytes), size: blob.length, mediaType };
}

/**
 * A non-distributable (foreign) layer descriptor whose bytes are nowhere: copies must pass it
 * through by descriptor. The diff_id is a made-up digest (nothing ever reads the layer).
 */
export function foreignLayer(content: string): BuiltLayer {
  const blob = Buffer.from(content);
  return {
    blob,
    digest: sha256(blob),
    diffId: sha256(`diff_id of ${content}`),
    size: blob.length,
    mediaType: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  };
}

/** The entries of the shared base layer: long names, a symlink, a hard link, nested directories. */
export function baseLayerEntries(): TarEntry[] {
  const longDir = `usr/share/${'very-long-directory-name-'.repeat(5)}end`;
  return [
    { name: 'etc/', type: 'directory' },
    { name: 'etc/os-release', type: 'file', content: 'ID=custody-test\nVERSION_ID=1\n' },
    { name: 'etc/hostname', type: 'file', content: 'base\n' },
    { name: 'usr/', type: 'directory' },
    { name: 'usr/bin/', type: 'directory' },
    { name: 'usr/bin/tool', type: 'file', content: '#!/bin/sh\necho tool\n', mode: 0o755 },
    { name: 'usr/bin/tool-link', type: 'link', linkname: 'usr/bin/tool' },
    { name: 'usr/bin/tool-symlink', type: 'symlink', linkname: 'tool' },
    { name: 'usr/share/', type: 'directory' },
    { name: `${longDir}/`, type: 'directory' },
    {
      name: `${longDir}/${'f'.repeat(120)}.txt`,
      type: 'file',
      content: 'a file with a name past 100 bytes\n',
    },
    { name: 'var/', type: 'directory' },
    { name: 'var/lib/', type: 'directory' },
    { name: 'var/lib/data/', type: 'directory' },
    { name: 'var/lib/data/old.txt', type: 'file', content: 'replaced by an opaque directory above\n' },
  ];
}

/** An upper layer: a whiteout of /etc/hostname and an opaque /var/lib/data. */
export function upperLayerEntries(platform: string): TarEntry[] {
  return [
    { name: 'etc/', type: 'directory' },
    { name: 'etc/.wh.hostname', type: 'file', content: '' },
    { name: 'etc/platform', type: 'file', content: `${platform}\n` },
    { name: 'var/', type: 'directory' },
    { name: 'var/lib/', type: 'directory' },
    { name: 'var/lib/data/', type: 'directory' },
    { name: 'var/lib/data/.wh..wh..opq', type: 'file', content: '' },
    { name: 'var/lib/data/new.txt', type: 'file', content: `fresh data for ${platform}\n` },
  ];
}

async function putBlob(dir: string, data: Buffer | string): Promise<{ digest: string; size: number }> {
  const bytes = Buffer.from(data);
  const digest = sha256(bytes);
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(dir, 'blobs', 'sha256', digest.slice(7)), bytes);
  return { digest, size: bytes.length };
}

/** Writes one image (config + manifest) into a layout's blobs; returns its manifest descriptor. */
export async function writeImageBlobs(
  dir: string,
  layers: BuiltLayer[],
  platform: { os: string; architecture: string; variant?: string },
  options: { docker?: boolean; extraLayers?: BuiltLayer[] } = {},
): Promise<BuiltDescriptor> {
  const all = [...layers, ...(options.extraLayers ?? [])];
  for (const layer of all) await putBlob(dir, layer.blob);
  const config = JSON.stringify({
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    created: '2024-01-01T00:00:00Z',
    config: { Env: ['PATH=/usr/bin:/bin'], Cmd: ['/usr/bin/tool'] },
    rootfs: { type: 'layers', diff_ids: all.map((l) => l.diffId) },
    history: all.map((_, i) => ({ created: '2024-01-01T00:00:00Z', created_by: `layer ${i}` })),
  });
  const configBlob = await putBlob(dir, config);
  const docker = options.docker === true;
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: docker
      ? 'application/vnd.docker.distribution.manifest.v2+json'
      : 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: docker
        ? 'application/vnd.docker.container.image.v1+json'
        : 'application/vnd.oci.image.config.v1+json',
      ...configBlob,
    },
    layers: all.map((l) => ({
      mediaType: docker ? 'application/vnd.docker.image.rootfs.diff.tar.gzip' : l.mediaType,
      digest: l.digest,
      size: l.size,
    })),
  });
  const blob = await putBlob(dir, manifest);
  return {
    mediaType: docker
      ? 'application/vnd.docker.distribution.manifest.v2+json'
      : 'application/vnd.oci.image.manifest.v1+json',
    ...blob,
    platform,
  };
}

/** Writes oci-layout and an index.json naming `root` under `tag`. */
export async function writeLayoutIndex(
  dir: string,
  entries: { descriptor: BuiltDescriptor; tag: string }[],
): Promise<void> {
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: entries.map(({ descriptor, tag }) => ({
        mediaType: descriptor.mediaType,
        digest: descriptor.digest,
        size: descriptor.size,
        annotations: { 'org.opencontainers.image.ref.name': tag },
      })),
    }),
  );
}

/** What `buildMultiPlatformLayout` made. */
export interface TestImage {
  dir: string;
  tag: string;
  index: BuiltDescriptor;
  images: BuiltDescriptor[];
  base: BuiltLayer;
  uppers: BuiltLayer[];
}

export const TEST_PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

/**
 * A two-platform image in an OCI layout: a shared base layer and one upper layer per platform
 * (whiteout, opaque directory), all with `compression`, under an OCI image index tagged `tag`.
 */
export async function buildMultiPlatformLayout(
  dir: string,
  options: { tag?: string; compression?: LayerCompression; docker?: boolean } = {},
): Promise<TestImage> {
  const tag = options.tag ?? 'v1';
  const compression = options.compression ?? 'gzip';
  const base = compressLayer(await makeTar(baseLayerEntries()), compression);
  const images: BuiltDescriptor[] = [];
  const uppers: BuiltLayer[] = [];
  for (const platform of TEST_PLATFORMS) {
    const name = [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
    const upper = compressLayer(await makeTar(upperLayerEntries(name)), compression);
    uppers.push(upper);
    images.push(await writeImageBlobs(dir, [base, upper], platform, { docker: options.docker === true }));
  }
  const docker = options.docker === true;
  const indexJson = JSON.stringify({
    schemaVersion: 2,
    mediaType: docker
      ? 'application/vnd.docker.distribution.manifest.list.v2+json'
      : 'application/vnd.oci.image.index.v1+json',
    manifests: images,
  });
  const indexBlob = await putBlob(dir, indexJson);
  const index: BuiltDescriptor = {
    mediaType: docker
      ? 'application/vnd.docker.distribution.manifest.list.v2+json'
      : 'application/vnd.oci.image.index.v1+json',
    ...indexBlob,
  };
  await writeLayoutIndex(dir, [{ descriptor: index, tag }]);
  return { dir, tag, index, images, base, uppers };
}

/** A one-platform image in a layout, optionally with extra layers on top of the base. */
export async function buildSinglePlatformLayout(
  dir: string,
  options: { tag?: string; compression?: LayerCompression; extra?: TarEntry[][] } = {},
): Promise<{ dir: string; tag: string; manifest: BuiltDescriptor; layers: BuiltLayer[] }> {
  const tag = options.tag ?? 'v1';
  const compression = options.compression ?? 'gzip';
  const layers = [compressLayer(await makeTar(baseLayerEntries()), compression)];
  layers.push(compressLayer(await makeTar(upperLayerEntries('linux/amd64')), compression));
  for (const entries of options.extra ?? []) layers.push(compressLayer(await makeTar(entries), compression));
  const manifest = await writeImageBlobs(dir, layers, { os: 'linux', architecture: 'amd64' });
  await writeLayoutIndex(dir, [{ descriptor: manifest, tag }]);
  return { dir, tag, manifest, layers };
}
