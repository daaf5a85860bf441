// Referrers (signatures, SBOMs) copied with --include-referrers. distribution 2.8 has no
// referrers API, so the tag-schema fallback (`sha256-<hex>` index tag) is tested against it; the
// API itself against a stand-in that answers /referrers/ and forwards the rest to the registry.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCustody } from '#test-helpers';
import { buildSinglePlatformLayout } from '../helpers/images.js';
import { type StandIn, startRegistry, startStandIn, type TestRegistry } from '../helpers/registry.js';

const INDEX = 'application/vnd.oci.image.index.v1+json';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const sha256 = (data: Buffer | string): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

let work: string;
let registry: TestRegistry;
const standIns: StandIn[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custody-referrers-'));
  registry = await startRegistry();
});

afterAll(async () => {
  for (const s of standIns) await s.stop();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Pushes a blob with plain HTTP, as the distribution spec describes (POST, then PUT ?digest=). */
async function pushBlob(repository: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const started = await fetch(`http://${registry.host}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  const location = new URL(started.headers.get('location') ?? '', `http://${registry.host}`);
  location.searchParams.set('digest', digest);
  const done = await fetch(location, {
    method: 'PUT',
    body: data,
    headers: { 'content-type': 'application/octet-stream' },
  });
  expect(done.status).toBe(201);
  return digest;
}

async function pushManifest(
  repository: string,
  reference: string,
  body: string,
  mediaType: string,
): Promise<void> {
  const response = await fetch(`http://${registry.host}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    body,
    headers: { 'content-type': mediaType },
  });
  expect(response.status).toBe(201);
}

/** A subject image and a signature-like artifact whose `subject` points at it. */
async function subjectWithReferrer(repository: string, withFallbackTag: boolean) {
  const image = await buildSinglePlatformLayout(join(work, repository.replace('/', '-')));
  const push = await runCustody([
    'image',
    'copy',
    `oci:${image.dir}:v1`,
    `docker://${registry.host}/${repository}:v1`,
  ]);
  expect(push.status).toBe(0);
  const subject = { mediaType: MANIFEST, digest: image.manifest.digest, size: image.manifest.size };
  const empty = await pushBlob(repository, Buffer.from('{}'));
  const payload = await pushBlob(repository, Buffer.from(`signature of ${subject.digest}`));
  const referrer = JSON.stringify({
    schemaVersion: 2,
    mediaType: MANIFEST,
    artifactType: 'application/vnd.example.signature',
    config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: empty, size: 2 },
    layers: [
      {
        mediaType: 'application/vnd.example.signature.v1',
        digest: payload,
        size: `signature of ${subject.digest}`.length,
      },
    ],
    subject,
  });
  const referrerDigest = sha256(referrer);
  await pushManifest(repository, referrerDigest, referrer, MANIFEST);
  const descriptor = {
    mediaType: MANIFEST,
    digest: referrerDigest,
    size: Buffer.byteLength(referrer),
    artifactType: 'application/vnd.example.signature',
  };
  if (withFallbackTag) {
    const index = JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: [descriptor] });
    await pushManifest(repository, subject.digest.replace(':', '-'), index, INDEX);
  }
  return { subject, referrer: descriptor, referrerBytes: referrer, image };
}

async function fallbackIndex(
  repository: string,
  subject: string,
): Promise<{ manifests: { digest: string }[] }> {
  const response = await fetch(
    `http://${registry.host}/v2/${repository}/manifests/${subject.replace(':', '-')}`,
    {
      headers: { accept: INDEX },
    },
  );
  expect(response.status).toBe(200);
  return (await response.json()) as { manifests: { digest: string }[] };
}

async function manifestBytes(repository: string, digest: string): Promise<Buffer> {
  const response = await fetch(`http://${registry.host}/v2/${repository}/manifests/${digest}`, {
    headers: { accept: MANIFEST },
  });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe('--include-referrers', () => {
  test('tag-schema fallback on distribution 2.8: the referrer and its sha256-<hex> tag are copied', async () => {
    const { subject, referrer, referrerBytes } = await subjectWithReferrer('ref/tagged', true);
    const result = await runCustody([
      'image',
      'copy',
      '--include-referrers',
      `docker://${registry.host}/ref/tagged:v1`,
      `docker://${registry.host}/ref/tagged-copy:v1`,
    ]);
    expect(result.status).toBe(0);
    expect((await manifestBytes('ref/tagged-copy', referrer.digest)).toString()).toBe(referrerBytes);
    expect((await fallbackIndex('ref/tagged-copy', subject.digest)).manifests.map((m) => m.digest)).toEqual([
      referrer.digest,
    ]);
  });

  test('without the flag, no referrer is copied', async () => {
    const result = await runCustody([
      'image',
      'copy',
      `docker://${registry.host}/ref/tagged:v1`,
      `docker://${registry.host}/ref/plain:v1`,
    ]);
    expect(result.status).toBe(0);
    const layout = JSON.parse(await readFile(join(work, 'ref-tagged', 'index.json'), 'utf8')) as {
      manifests: { digest: string }[];
    };
    const tag = (layout.manifests[0]?.digest ?? '').replace(':', '-');
    const response = await fetch(`http://${registry.host}/v2/ref/plain/manifests/${tag}`, { method: 'HEAD' });
    expect(response.status).toBe(404);
  });

  // distribution 2.8 has no /v2/<name>/referrers/<digest>: this stand-in answers it as the OCI
  // distribution spec 1.1 says a registry does, and forwards every other request to the registry.
  test('referrers API (stand-in): the API answer is used and the destination gets the fallback tag', async () => {
    const { subject, referrer } = await subjectWithReferrer('ref/api', false);
    const standIn = await startStandIn(registry, (method, path) =>
      method === 'GET' && path.startsWith(`/v2/ref/api/referrers/${subject.digest}`)
        ? {
            status: 200,
            headers: { 'content-type': INDEX },
            body: JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: [referrer] }),
          }
        : 'forward',
    );
    standIns.push(standIn);
    const result = await runCustody([
      'image',
      'copy',
      '--include-referrers',
      `docker://${standIn.host}/ref/api:v1`,
      `docker://${registry.host}/ref/api-copy:v1`,
    ]);
    expect(result.status).toBe(0);
    expect(standIn.seen.some((r) => r.startsWith(`GET /v2/ref/api/referrers/${subject.digest}`))).toBe(true);
    // The source had no fallback tag: the referrer was found through the API alone.
    expect(standIn.seen.some((r) => r.includes(subject.digest.replace(':', '-')))).toBe(false);
    expect((await fallbackIndex('ref/api-copy', subject.digest)).manifests.map((m) => m.digest)).toEqual([
      referrer.digest,
    ]);
  });
});
