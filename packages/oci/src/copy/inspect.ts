import type { Digest } from '@custody/core';
import type { ImageOrIndex } from '../model/image.js';
import { formatPlatform } from '../model/platform.js';
import type { ConfigFile, Descriptor, IndexManifest, Manifest, Platform } from '../model/types.js';
import { selectPlatformImage } from './copy.js';

/** What `custody image inspect` prints for one image. */
export interface ImageReport {
  name: string;
  digest: Digest;
  mediaType: string;
  manifest: Manifest;
  config: ConfigFile;
  platform?: string;
  layers: { digest: Digest; size: number; mediaType: string; diffId?: Digest }[];
}

/** What `custody image inspect` prints for an index (and, with a platform, the chosen image). */
export interface IndexReport {
  name: string;
  digest: Digest;
  mediaType: string;
  index: IndexManifest;
  platforms: { platform?: string; digest: Digest; mediaType: string; size: number }[];
  image?: ImageReport;
}

/** Describes an image or index: manifest, config, layers with diff_ids, platforms. */
export async function inspect(
  source: ImageOrIndex,
  name: string,
  platform?: Platform,
): Promise<ImageReport | IndexReport> {
  if (source.kind === 'index') {
    const descriptor = await source.index.descriptor();
    const index = await source.index.indexManifest();
    const report: IndexReport = {
      name,
      digest: descriptor.digest,
      mediaType: descriptor.mediaType,
      index,
      platforms: index.manifests.map((m: Descriptor) => ({
        ...(m.platform !== undefined ? { platform: formatPlatform(m.platform) } : {}),
        digest: m.digest,
        mediaType: m.mediaType,
        size: m.size,
      })),
    };
    if (platform !== undefined) {
      const chosen = await selectPlatformImage(source.index, platform, name);
      report.image = (await inspect(
        { kind: 'image', image: await source.index.image(chosen.digest) },
        name,
      )) as ImageReport;
    }
    return report;
  }
  const image = source.image;
  const descriptor = await image.descriptor();
  const manifest = await image.manifest();
  const config = await image.configFile();
  const diffIds = config.rootfs?.diff_ids ?? [];
  const report: ImageReport = {
    name,
    digest: descriptor.digest,
    mediaType: descriptor.mediaType,
    manifest,
    config,
    layers: manifest.layers.map((l, i) => ({
      digest: l.digest,
      size: l.size,
      mediaType: l.mediaType,
      ...(diffIds[i] !== undefined ? { diffId: diffIds[i] } : {}),
    })),
  };
  if (config.os !== undefined && config.architecture !== undefined) {
    report.platform = formatPlatform({
      os: config.os,
      architecture: config.architecture,
      ...(config.variant ? { variant: config.variant } : {}),
    });
  }
  return report;
}

/** The raw manifest bytes of the root (exactly as stored). */
export async function rawManifestOf(source: ImageOrIndex): Promise<Uint8Array> {
  return source.kind === 'index' ? source.index.rawManifest() : source.image.rawManifest();
}

/** The descriptor of the root manifest. */
export async function descriptorOf(source: ImageOrIndex): Promise<Descriptor> {
  return source.kind === 'index' ? source.index.descriptor() : source.image.descriptor();
}
