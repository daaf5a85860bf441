import { type Digest, hashStream } from '@custody/core';
import { OciError } from '../errors.js';
import { isForeignLayer, isIndexMediaType } from '../media-types.js';
import type { Image, ImageOrIndex } from '../model/image.js';

/** What `validateImage` checked. */
export interface ValidationReport {
  images: number;
  layers: number;
  /** Foreign layers, not fetched. */
  skipped: number;
}

async function validateOne(image: Image, name: string, report: ValidationReport): Promise<void> {
  const manifest = await image.manifest();
  const config = await image.configFile();
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    throw new OciError(
      'INVALID_MANIFEST',
      `${name}: the manifest lists ${manifest.layers.length} layers, the config ${diffIds.length} diff_ids`,
      { input: name, expected: String(manifest.layers.length), found: String(diffIds.length) },
    );
  }
  for (const [i, layer] of (await image.layers()).entries()) {
    if (isForeignLayer(layer.descriptor().mediaType)) {
      report.skipped++;
      continue;
    }
    // uncompressed() checks the blob digest and size as it streams; the tar's hash is the diff_id.
    const { digests } = await hashStream(await layer.uncompressed());
    const found = digests.get('sha256') as Digest;
    if (found !== diffIds[i]) {
      throw new OciError(
        'INVALID_MANIFEST',
        `${name}: layer ${layer.digest()} has diff_id ${found}, the config says ${diffIds[i]}`,
        { input: name, expected: diffIds[i] ?? '', found },
      );
    }
    report.layers++;
  }
  report.images++;
}

/**
 * Re-reads a whole image or index and checks it (ggcr's validate.Image): every manifest against
 * its digest, every blob against digest and size, every layer's uncompressed digest against the
 * config's diff_id. One conformance check for every transport and every derived image.
 */
export async function validateImage(
  source: ImageOrIndex,
  name: string,
  report: ValidationReport = { images: 0, layers: 0, skipped: 0 },
): Promise<ValidationReport> {
  if (source.kind === 'image') {
    await validateOne(source.image, name, report);
    return report;
  }
  for (const child of (await source.index.indexManifest()).manifests) {
    const next: ImageOrIndex = isIndexMediaType(child.mediaType)
      ? { kind: 'index', index: await source.index.imageIndex(child.digest) }
      : { kind: 'image', image: await source.index.image(child.digest) };
    await validateImage(next, name, report);
  }
  return report;
}
