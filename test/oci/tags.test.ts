// Tag listing: every tag of a real registry, and pagination (`?n=` pages, `Link: <…>; rel="next"`).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCustody } from '#test-helpers';
import { Registry } from '../../packages/oci/src/index.js';
import { buildSinglePlatformLayout } from '../helpers/images.js';
import { startRegistry, startStandIn, type TestRegistry } from '../helpers/registry.js';

let work: string;
let registry: TestRegistry;
const TAGS = ['a1', 'b2', 'c3', 'd4', 'e5'];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custody-tags-'));
  registry = await startRegistry();
  const image = await buildSinglePlatformLayout(join(work, 'image'));
  expect(
    (await runCustody(['image', 'copy', `oci:${image.dir}:v1`, `docker://${registry.host}/paged/app:a1`]))
      .status,
  ).toBe(0);
  // More tags on the same manifest, put with plain HTTP (distribution-spec "pushing manifests").
  const manifest = await readFile(join(image.dir, 'blobs/sha256', image.manifest.digest.slice(7)));
  for (const tag of TAGS.slice(1)) {
    const response = await fetch(`http://${registry.host}/v2/paged/app/manifests/${tag}`, {
      method: 'PUT',
      body: manifest,
      headers: { 'content-type': image.manifest.mediaType },
    });
    expect(response.status).toBe(201);
  }
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

// distribution 2.8 ignores `n` on tags/list (tag pagination arrived in distribution 3), so a
// stand-in serves the pages the spec describes: `?n=&last=` and a Link header to the next page.
test('pages of two (stand-in): three requests, every tag once, in page order', async () => {
  const standIn = await startStandIn(undefined, (_method, path) => {
    const url = new URL(path, 'http://x');
    const n = Number(url.searchParams.get('n'));
    const last = url.searchParams.get('last');
    const start = last === null ? 0 : TAGS.indexOf(last) + 1;
    const page = TAGS.slice(start, start + n);
    const more = start + n < TAGS.length;
    const headers: Record<string, string> = {};
    if (more) headers.link = `</v2/paged/app/tags/list?n=${n}&last=${page.at(-1)}>; rel="next"`;
    return { status: 200, headers, body: JSON.stringify({ name: 'paged/app', tags: page }) };
  });
  try {
    const tags = await new Registry(standIn.host, 'paged').tags('paged/app', 2);
    expect(tags).toEqual(TAGS);
    expect(standIn.seen).toEqual([
      'GET /v2/paged/app/tags/list?n=2',
      'GET /v2/paged/app/tags/list?n=2&last=b2',
      'GET /v2/paged/app/tags/list?n=2&last=d4',
    ]);
  } finally {
    await standIn.stop();
  }
});

test('custody image tags prints them all', async () => {
  const result = await runCustody(['image', 'tags', `${registry.host}/paged/app`]);
  expect(result.status).toBe(0);
  expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(TAGS);
});
