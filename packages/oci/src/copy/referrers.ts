import { OciError } from '../errors.js';
import { MediaType } from '../media-types.js';
import type { Descriptor, IndexManifest } from '../model/types.js';
import { formatImageLocation, type ImageLocation } from '../reference/transport.js';
import type { RemoteOptions } from '../remote/options.js';
import { remoteImage } from '../remote/read.js';
import { Registry, referrersTag } from '../remote/registry.js';
import { remoteTarget } from '../remote/write.js';
import { type CopyResult, copyToTarget } from './copy.js';

/** Options of `copyReferrers`. */
export interface ReferrersCopyOptions {
  source?: RemoteOptions;
  destination?: RemoteOptions;
}

function merged(existing: IndexManifest | undefined, added: Descriptor[]): IndexManifest {
  const manifests = [...(existing?.manifests ?? [])];
  for (const d of added) if (!manifests.some((m) => m.digest === d.digest)) manifests.push(d);
  return { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests };
}

/**
 * Copies the referrers (signatures, attestations, SBOMs) of a copied image's root manifest
 * between registries. They are found with the referrers API or, where the source has none, the
 * tag schema; the destination gets each referrer by digest and, when it lacks the referrers API
 * (distribution 2.8), an updated `sha256-<hex>` fallback tag. Returns how many were copied.
 */
export async function copyReferrers(
  from: ImageLocation,
  to: ImageLocation,
  copied: CopyResult,
  options: ReferrersCopyOptions = {},
): Promise<number> {
  if (from.transport !== 'docker' || to.transport !== 'docker') {
    throw new OciError(
      'UNSUPPORTED',
      `${formatImageLocation(from)}: referrers are copied between registries only`,
      {
        input: formatImageLocation(from),
        hint: 'copy docker:// to docker://, or drop --include-referrers',
      },
    );
  }
  const subject = copied.root.digest;
  const source = new Registry(from.reference.registry, formatImageLocation(from), options.source);
  const { index } = await source.referrers(from.reference.repository, subject);
  if (index.manifests.length === 0) return 0;
  for (const referrer of index.manifests) {
    const fromRef = {
      registry: from.reference.registry,
      repository: from.reference.repository,
      digest: referrer.digest,
    };
    const toRef = { registry: to.reference.registry, repository: to.reference.repository };
    const image = await remoteImage(fromRef, options.source);
    await copyToTarget(image, remoteTarget(toRef, options.destination), formatImageLocation(from), {
      allPlatforms: true,
      mount: { registry: from.reference.registry, repository: from.reference.repository },
    });
  }
  const destination = new Registry(to.reference.registry, formatImageLocation(to), options.destination);
  const repository = to.reference.repository;
  if (await destination.supportsReferrersApi(repository, subject)) return index.manifests.length;
  const tag = referrersTag(subject);
  const existing = (await destination.headManifest(repository, tag))
    ? (JSON.parse(
        Buffer.from((await destination.getManifest(repository, tag)).raw).toString('utf8'),
      ) as IndexManifest)
    : undefined;
  const raw = Buffer.from(JSON.stringify(merged(existing, index.manifests)));
  await destination.putManifest(repository, tag, raw, MediaType.ociIndex);
  return index.manifests.length;
}
