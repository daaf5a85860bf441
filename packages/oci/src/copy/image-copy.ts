import { dockerArchiveImage, writeDockerArchive } from '../archive/docker-archive.js';
import { ociArchiveImage, ociArchiveTarget } from '../archive/oci-archive.js';
import { OciError } from '../errors.js';
import { layoutImage } from '../layout/layout.js';
import { layoutTarget } from '../layout/write.js';
import type { ImageOrIndex } from '../model/image.js';
import { hostPlatform } from '../model/platform.js';
import { formatImageLocation, type ImageLocation } from '../reference/transport.js';
import type { RemoteOptions } from '../remote/options.js';
import { remoteImage } from '../remote/read.js';
import { remoteTarget } from '../remote/write.js';
import { type CopyOptions, type CopyResult, copyToTarget, selectPlatformImage } from './copy.js';
import type { ImageTarget } from './target.js';

/** Opens the image or index at a location, lazily (only the root manifest is read). */
export async function openImage(location: ImageLocation, options: RemoteOptions = {}): Promise<ImageOrIndex> {
  switch (location.transport) {
    case 'docker':
      return remoteImage(location.reference, options);
    case 'oci':
      return layoutImage(location.path, location.tag);
    case 'oci-archive':
      return ociArchiveImage(location.path, location.tag);
    case 'docker-archive':
      return dockerArchiveImage(location.path, location.reference);
  }
}

/** Opens a destination for writing (docker-archive is written by `writeDockerArchive`, not a target). */
export async function openTarget(location: ImageLocation, options: RemoteOptions = {}): Promise<ImageTarget> {
  switch (location.transport) {
    case 'docker':
      return remoteTarget(location.reference, options);
    case 'oci':
      return layoutTarget(location.path, location.tag);
    case 'oci-archive':
      return ociArchiveTarget(location.path, location.tag);
    case 'docker-archive':
      throw new OciError('UNSUPPORTED', 'docker-archive is written by writeDockerArchive', {
        input: formatImageLocation(location),
      });
  }
}

/** Options of `copyImage`. */
export interface CopyImageOptions extends CopyOptions {
  /** Fail rather than change any digest (docker-archive decompresses layers). */
  preserveDigests?: boolean;
  /** Registry options for the source. */
  source?: RemoteOptions;
  /** Registry options for the destination. */
  destination?: RemoteOptions;
}

/**
 * Copies an image between any two locations (`docker://`, `oci:`, `oci-archive:`,
 * `docker-archive:`), sending only the blobs the destination lacks and keeping manifest bytes.
 */
export async function copyImage(
  from: ImageLocation,
  to: ImageLocation,
  options: CopyImageOptions = {},
): Promise<CopyResult> {
  const name = formatImageLocation(from);
  const source = await openImage(from, options.source);
  if (to.transport === 'docker-archive') {
    if (source.kind === 'index' && options.allPlatforms === true) {
      throw new OciError(
        'UNSUPPORTED',
        `${formatImageLocation(to)}: a docker-archive holds one platform, not an index`,
        {
          input: formatImageLocation(to),
          hint: 'drop --all-platforms and pick one with --platform',
        },
      );
    }
    const image =
      source.kind === 'image'
        ? source.image
        : await source.index.image(
            (await selectPlatformImage(source.index, options.platform ?? hostPlatform(), name)).digest,
          );
    const reference = to.reference ?? (from.transport === 'docker' ? from.reference : undefined);
    await writeDockerArchive(
      image,
      to.path,
      reference,
      options.preserveDigests === true ? { preserveDigests: true } : {},
    );
    const layers = (await image.manifest()).layers.length;
    return {
      root: await image.descriptor(),
      blobs: { sent: layers + 1, skipped: 0, mounted: 0, foreign: 0 },
      bytes: 0,
    };
  }
  const target = await openTarget(to, options.destination);
  const mount =
    from.transport === 'docker'
      ? { registry: from.reference.registry, repository: from.reference.repository }
      : undefined;
  return copyToTarget(source, target, name, { ...options, ...(mount !== undefined ? { mount } : {}) });
}
