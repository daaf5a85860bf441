import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { type Digest, isCustodyError } from '@custody/core';
import { OciError } from '../errors.js';
import { MANIFEST_MEDIA_TYPES, MediaType } from '../media-types.js';
import type { Descriptor, IndexManifest } from '../model/types.js';
import { MAX_MANIFEST_BYTES } from '../partial/manifest.js';
import { RegistryClient } from './client.js';
import { REMOTE_DEFAULTS, type RemoteOptions } from './options.js';
import { Slicer } from './slicer.js';

const pull = (repository: string): string => `repository:${repository}:pull`;
const push = (repository: string): string => `repository:${repository}:pull,push`;

/** A manifest as a registry served it. */
export interface FetchedManifest {
  raw: Uint8Array;
  mediaType: string;
  /** `Docker-Content-Digest`, when the registry sent it. */
  digest?: Digest;
}

/** The distribution API (OCI distribution-spec) of one registry, over a RegistryClient. */
export class Registry {
  readonly client: RegistryClient;
  readonly #options: RemoteOptions;

  constructor(registry: string, name: string, options: RemoteOptions = {}) {
    this.client = new RegistryClient(registry, name, options);
    this.#options = options;
  }

  /** GET a manifest by tag or digest, with every manifest type in Accept. */
  async getManifest(repository: string, identifier: string): Promise<FetchedManifest> {
    const response = await this.client.request(
      {
        method: 'GET',
        url: `/v2/${repository}/manifests/${identifier}`,
        headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
        scopes: [pull(repository)],
      },
      `manifest ${identifier}`,
    );
    const length = Number(response.headers.get('content-length'));
    if (length > MAX_MANIFEST_BYTES) {
      await response.body?.cancel();
      throw new OciError('MANIFEST_TOO_LARGE', `${this.client.name}: manifest is ${length} bytes`, {
        input: this.client.name,
      });
    }
    const raw = new Uint8Array(await response.arrayBuffer());
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const digest = response.headers.get('docker-content-digest') ?? undefined;
    return { raw, mediaType, ...(digest !== undefined ? { digest: digest as Digest } : {}) };
  }

  /** HEAD a manifest: its descriptor, or undefined when the registry has none. */
  async headManifest(repository: string, identifier: string): Promise<Descriptor | undefined> {
    const response = await this.client.request(
      {
        method: 'HEAD',
        url: `/v2/${repository}/manifests/${identifier}`,
        headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
        scopes: [pull(repository)],
        accept: [404],
      },
      `manifest ${identifier}`,
    );
    if (response.status === 404) return undefined;
    const digest = response.headers.get('docker-content-digest');
    if (digest === null) return undefined;
    return {
      mediaType: (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '',
      digest: digest as Digest,
      size: Number(response.headers.get('content-length')),
    };
  }

  /** PUT a manifest under a tag or its digest, with its media type as Content-Type. */
  async putManifest(
    repository: string,
    identifier: string,
    raw: Uint8Array,
    mediaType: string,
  ): Promise<Headers> {
    const response = await this.client.request(
      {
        method: 'PUT',
        url: `/v2/${repository}/manifests/${identifier}`,
        headers: { 'content-type': mediaType },
        body: () => raw,
        scopes: [push(repository)],
      },
      `manifest upload ${identifier}`,
    );
    await response.body?.cancel();
    return response.headers;
  }

  /** True when the repository holds the blob (HEAD, so nothing is downloaded). */
  async hasBlob(repository: string, digest: Digest): Promise<boolean> {
    const response = await this.client.request(
      { method: 'HEAD', url: `/v2/${repository}/blobs/${digest}`, scopes: [push(repository)], accept: [404] },
      `blob ${digest}`,
    );
    return response.status !== 404;
  }

  /** GET a blob's bytes as a stream (unverified: callers verify). */
  async getBlob(repository: string, digest: Digest): Promise<Readable> {
    const response = await this.client.request(
      { method: 'GET', url: `/v2/${repository}/blobs/${digest}`, scopes: [pull(repository)] },
      `blob ${digest}`,
    );
    if (response.body === null) return Readable.from([]);
    return Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
  }

  #location(response: Response): string {
    const location = response.headers.get('location');
    if (location === null) {
      throw new OciError(
        'REGISTRY_ERROR',
        `${this.client.name}: the registry started an upload without a Location`,
        {
          input: this.client.name,
        },
      );
    }
    return new URL(location, this.client.baseUrl).href;
  }

  /**
   * Uploads a blob: a cross-repository mount when `mountFrom` is given and the registry agrees
   * (201), otherwise POST then a monolithic PUT, or PATCH chunks with Content-Range for blobs
   * larger than the chunk size. The source stream is verified by the caller; an error from it
   * aborts the upload, so the registry never completes a blob with the wrong bytes.
   */
  async uploadBlob(
    repository: string,
    descriptor: Descriptor,
    open: () => Promise<Readable>,
    mountFrom?: string,
  ): Promise<'sent' | 'mounted'> {
    const scopes = mountFrom !== undefined ? [push(repository), pull(mountFrom)] : [push(repository)];
    const query =
      mountFrom !== undefined ? `?mount=${descriptor.digest}&from=${encodeURIComponent(mountFrom)}` : '';
    const started = await this.client.request(
      {
        method: 'POST',
        url: `/v2/${repository}/blobs/uploads/${query}`,
        scopes,
        headers: { 'content-length': '0' },
      },
      `blob upload ${descriptor.digest}`,
    );
    await started.body?.cancel();
    if (started.status === 201) return 'mounted';
    let location = this.#location(started);
    const source = await open();
    let sourceError: unknown;
    source.on('error', (error) => {
      sourceError ??= error;
    });
    const withDigest = (url: string): string => {
      const u = new URL(url);
      u.searchParams.set('digest', descriptor.digest);
      return u.href;
    };
    try {
      const chunkSize = this.#options.chunkSize ?? REMOTE_DEFAULTS.chunkSize;
      if (descriptor.size <= chunkSize) {
        const response = await this.client.request(
          {
            method: 'PUT',
            url: withDigest(location),
            headers: {
              'content-type': 'application/octet-stream',
              'content-length': String(descriptor.size),
            },
            upload: () => source,
            scopes: [push(repository)],
          },
          `blob upload ${descriptor.digest}`,
        );
        await response.body?.cancel();
      } else {
        const slicer = new Slicer(source);
        for (let offset = 0; offset < descriptor.size; offset += chunkSize) {
          const length = Math.min(chunkSize, descriptor.size - offset);
          const response = await this.client.request(
            {
              method: 'PATCH',
              url: location,
              headers: {
                'content-type': 'application/octet-stream',
                'content-length': String(length),
                'content-range': `${offset}-${offset + length - 1}`,
              },
              upload: () => Readable.from(slicer.take(length)),
              scopes: [push(repository)],
            },
            `blob upload ${descriptor.digest}`,
          );
          await response.body?.cancel();
          location = this.#location(response);
        }
        // Drain the source so its verifier sees the end and checks the digest before we commit.
        await slicer.finish();
        const response = await this.client.request(
          {
            method: 'PUT',
            url: withDigest(location),
            headers: { 'content-length': '0' },
            scopes: [push(repository)],
          },
          `blob upload ${descriptor.digest}`,
        );
        await response.body?.cancel();
      }
    } catch (error) {
      source.destroy();
      // The verifier's digest or size error explains a failed upload better than the broken pipe it caused.
      if (sourceError !== undefined && isCustodyError(sourceError)) throw sourceError;
      throw error;
    }
    if (sourceError !== undefined) throw sourceError;
    return 'sent';
  }

  /** Every tag of a repository, following `Link: <…>; rel="next"` pages (distribution-spec content discovery). */
  async tags(repository: string, pageSize = 1000): Promise<string[]> {
    const out: string[] = [];
    let url: string | undefined = `/v2/${repository}/tags/list?n=${pageSize}`;
    while (url !== undefined) {
      const response = await this.client.request(
        { method: 'GET', url, scopes: [pull(repository)] },
        'tag list',
      );
      const body = (await response.json()) as { tags?: string[] | null };
      out.push(...(body.tags ?? []));
      const link = response.headers.get('link');
      const next = link === null ? undefined : /<([^>]+)>\s*;\s*rel="?next"?/.exec(link)?.[1];
      url = next === undefined ? undefined : new URL(next, this.client.baseUrl).href;
    }
    return out;
  }

  /**
   * The referrers of a manifest: the referrers API when the registry has one, else the
   * tag-schema fallback (distribution-spec "Referrers tag schema": an index tagged `<alg>-<hex>`).
   */
  async referrers(repository: string, digest: Digest): Promise<{ index: IndexManifest; via: 'api' | 'tag' }> {
    const response = await this.#referrersRequest(repository, digest);
    const contentType = response.headers.get('content-type') ?? '';
    if (response.ok && contentType.startsWith(MediaType.ociIndex)) {
      return { index: (await response.json()) as IndexManifest, via: 'api' };
    }
    await response.body?.cancel();
    const tag = referrersTag(digest);
    if ((await this.headManifest(repository, tag)) === undefined) {
      return { index: { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] }, via: 'tag' };
    }
    const fetched = await this.getManifest(repository, tag);
    return { index: JSON.parse(Buffer.from(fetched.raw).toString('utf8')) as IndexManifest, via: 'tag' };
  }

  /** `GET /v2/<name>/referrers/<digest>`; 404/400/405 are answers (no API), not errors. */
  #referrersRequest(repository: string, digest: Digest): Promise<Response> {
    return this.client.request(
      {
        method: 'GET',
        url: `/v2/${repository}/referrers/${digest}`,
        headers: { accept: MediaType.ociIndex },
        scopes: [pull(repository)],
        accept: [404, 400, 405],
      },
      `referrers of ${digest}`,
    );
  }

  /** True when the registry answers the referrers API (it returns an index, even an empty one). */
  async supportsReferrersApi(repository: string, digest: Digest): Promise<boolean> {
    const response = await this.#referrersRequest(repository, digest);
    await response.body?.cancel();
    return response.ok && (response.headers.get('content-type') ?? '').startsWith(MediaType.ociIndex);
  }
}

/** The fallback tag of a subject digest: `sha256:abc…` → `sha256-abc…` (distribution-spec). */
export function referrersTag(digest: Digest): string {
  return digest.replace(':', '-');
}
