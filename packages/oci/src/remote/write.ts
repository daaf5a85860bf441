import type { ImageTarget } from '../copy/target.js';
import { OciError } from '../errors.js';
import { verifyManifestBytes } from '../partial/manifest.js';
import { formatReference, type Reference } from '../reference/reference.js';
import { REMOTE_DEFAULTS, type RemoteOptions } from './options.js';
import { Registry } from './registry.js';

/**
 * Writes into a registry repository. Blobs are checked with HEAD first and mounted from the
 * source repository when it is on the same registry; manifests go by digest, and the tag is
 * pushed last (commit), once everything it names is there.
 */
export function remoteTarget(reference: Reference, options: RemoteOptions = {}): ImageTarget {
  const name = `docker://${formatReference(reference)}`;
  const registry = new Registry(reference.registry, name, options);
  const repository = reference.repository;
  return {
    name,
    hasBlob: (d) => registry.hasBlob(repository, d.digest),
    putBlob: async (d, open, mount) => {
      const mountFrom =
        mount !== undefined && mount.registry === reference.registry && mount.repository !== repository
          ? mount.repository
          : undefined;
      // A streamed body cannot be replayed inside one request, so a 429/5xx answer to it is
      // retried here, with the upload started afresh and the source opened again.
      const attempts = (options.retries ?? REMOTE_DEFAULTS.retries) + 1;
      for (let attempt = 1; ; attempt++) {
        try {
          return await registry.uploadBlob(repository, d, open, mountFrom);
        } catch (error) {
          if (!(error instanceof OciError && error.code === 'REGISTRY_UNAVAILABLE') || attempt >= attempts)
            throw error;
          await new Promise((resolve) =>
            setTimeout(resolve, (options.retryBaseMs ?? REMOTE_DEFAULTS.retryBaseMs) * 2 ** (attempt - 1)),
          );
        }
      }
    },
    hasManifest: async (d) => (await registry.headManifest(repository, d.digest))?.digest === d.digest,
    async putManifest(d, raw) {
      verifyManifestBytes(raw, d, name);
      await registry.putManifest(repository, d.digest, raw, d.mediaType);
    },
    async commit(root, raw) {
      verifyManifestBytes(raw, root, name);
      if (reference.digest !== undefined && reference.digest !== root.digest) {
        throw new OciError(
          'DIGEST_NOT_PRESERVED',
          `${name}: the image's digest is ${root.digest}, not the one named`,
          {
            input: name,
            expected: reference.digest,
            found: root.digest,
          },
        );
      }
      await registry.putManifest(repository, reference.tag ?? root.digest, raw, root.mediaType);
    },
    async abort() {
      // Uploaded blobs stay: the registry garbage-collects untagged ones, and a re-run skips them.
    },
  };
}
