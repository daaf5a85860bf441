// Acceptance 3: bad blobs and each failing registry answer end in one line naming the image, the
// exit status the issue fixes (2 input, 3 network), and nothing at the destination.
import { randomBytes } from 'node:crypto';
import { access, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCustody } from '#test-helpers';
import {
  buildSinglePlatformLayout,
  foreignLayer,
  sha256,
  writeImageBlobs,
  writeLayoutIndex,
} from '../helpers/images.js';
import { skopeoRaw } from '../helpers/oracles.js';
import {
  closedPort,
  type StandIn,
  startRegistry,
  startStandIn,
  type TestRegistry,
} from '../helpers/registry.js';

let work: string;
let registry: TestRegistry;
const standIns: StandIn[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custody-failures-'));
  registry = await startRegistry();
});

afterAll(async () => {
  for (const s of standIns) await s.stop();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const absent = (path: string): Promise<boolean> =>
  access(path).then(
    () => false,
    () => true,
  );

/** A fresh single-platform image with a layer of its own (so corrupting it touches no other test). */
async function uniqueImage(name: string, compression: 'gzip' | 'none' = 'gzip') {
  return buildSinglePlatformLayout(join(work, name), {
    compression,
    extra: [[{ name: 'unique', type: 'file', content: randomBytes(2048) }]],
  });
}

/** The registry has no manifest under this tag (checked with a HEAD of our own, not custody). */
async function registryLacks(repository: string, tag: string): Promise<boolean> {
  const response = await fetch(`http://${registry.host}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
  });
  return response.status === 404;
}

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0] as string;
}

describe('bad bytes', () => {
  test('a corrupted blob in the registry: exit 2, no layout written', async () => {
    const image = await uniqueImage('corrupt-src');
    const remote = `docker://${registry.host}/bad/corrupt:v1`;
    expect((await runCustody(['image', 'copy', `oci:${image.dir}:v1`, remote])).status).toBe(0);
    const layer = image.layers.at(-1);
    const hex = layer?.digest.slice(7) ?? '';
    const data = join(registry.storage, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
    const bytes = await readFile(data);
    bytes.writeUInt8((bytes.readUInt8(bytes.length - 10) ^ 0xff) & 0xff, bytes.length - 10);
    await writeFile(data, bytes);
    const out = join(work, 'corrupt-out');
    const result = await runCustody(['image', 'copy', remote, `oci:${out}:v1`]);
    expect(result.status).toBe(2);
    const line = oneLine(result.stderr);
    expect(line).toContain('digest mismatch');
    expect(line).toContain(`${registry.host}/bad/corrupt`);
    expect(line).toContain(layer?.digest);
    expect(await absent(join(out, 'index.json'))).toBe(true);
    const blobs = await readdir(join(out, 'blobs/sha256')).catch(() => [] as string[]);
    expect(blobs).not.toContain(hex);
  });

  test('a truncated layer in a layout: exit 2, no tag in the registry', async () => {
    const image = await uniqueImage('truncated-src', 'none');
    const layer = image.layers.at(-1);
    await truncate(join(image.dir, 'blobs/sha256', layer?.digest.slice(7) ?? ''), 700);
    const result = await runCustody([
      'image',
      'copy',
      `oci:${image.dir}:v1`,
      `docker://${registry.host}/bad/truncated:v1`,
    ]);
    expect(result.status).toBe(2);
    const line = oneLine(result.stderr);
    expect(line).toContain('size mismatch');
    expect(line).toContain(`oci:${image.dir}:v1`);
    expect(line).toContain(`expected ${layer?.size} bytes, found 700`);
    expect(await registryLacks('bad/truncated', 'v1')).toBe(true);
  });

  test('a corrupted layer into archives: exit 2, no archive file', async () => {
    const image = await uniqueImage('corrupt-archive-src');
    const layer = image.layers.at(-1);
    const path = join(image.dir, 'blobs/sha256', layer?.digest.slice(7) ?? '');
    const bytes = await readFile(path);
    bytes.writeUInt8(bytes.readUInt8(20) ^ 0xff, 20);
    await writeFile(path, bytes);
    for (const target of [
      `oci-archive:${join(work, 'bad.tar')}:v1`,
      `docker-archive:${join(work, 'bad-docker.tar')}`,
    ]) {
      const result = await runCustody(['image', 'copy', `oci:${image.dir}:v1`, target]);
      expect(result.status).toBe(2);
      expect(oneLine(result.stderr)).toMatch(/digest mismatch|cannot decompress/);
    }
    expect(await absent(join(work, 'bad.tar'))).toBe(true);
    expect(await absent(join(work, 'bad-docker.tar'))).toBe(true);
    expect((await readdir(work)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('an unknown manifest media type: exit 2', async () => {
    const dir = join(work, 'unknown-type');
    const image = await uniqueImage('unknown-type-src');
    const manifest = JSON.parse(
      await readFile(join(image.dir, 'blobs/sha256', image.manifest.digest.slice(7)), 'utf8'),
    );
    manifest.mediaType = 'application/vnd.example.unknown+json';
    const raw = JSON.stringify(manifest);
    const digest = sha256(raw);
    await rm(dir, { recursive: true, force: true });
    const { cp } = await import('node:fs/promises');
    await cp(image.dir, dir, { recursive: true });
    await writeFile(join(dir, 'blobs/sha256', digest.slice(7)), raw);
    await writeLayoutIndex(dir, [
      {
        descriptor: { mediaType: 'application/vnd.example.unknown+json', digest, size: raw.length },
        tag: 'v1',
      },
    ]);
    const out = join(work, 'unknown-out');
    const result = await runCustody(['image', 'copy', `oci:${dir}:v1`, `oci:${out}:v1`]);
    expect(result.status).toBe(2);
    expect(oneLine(result.stderr)).toContain(
      'unknown manifest media type "application/vnd.example.unknown+json"',
    );
    expect(await absent(join(out, 'index.json'))).toBe(true);
  });

  test('--preserve-digests refuses a docker-archive of gzip layers: exit 2, no file', async () => {
    const image = await uniqueImage('preserve-src');
    const target = join(work, 'preserve.tar');
    const result = await runCustody([
      'image',
      'copy',
      '--preserve-digests',
      `oci:${image.dir}:v1`,
      `docker-archive:${target}`,
    ]);
    expect(result.status).toBe(2);
    expect(oneLine(result.stderr)).toContain('3 compressed layer(s) would change digest');
    expect(await absent(target)).toBe(true);
  });

  test('a bad reference: exit 2', async () => {
    const result = await runCustody(['image', 'inspect', 'docker://Registry.example/Bad/Name']);
    expect(result.status).toBe(2);
    expect(oneLine(result.stderr)).toContain('invalid image reference "Registry.example/Bad/Name"');
  });

  test.each(['abc', '0', '-5'])('--timeout %s: exit 2 before anything is read', async (value) => {
    const result = await runCustody(['image', 'inspect', '--timeout', value, 'docker://127.0.0.1:9/x:v1']);
    expect(result.status).toBe(2);
    expect(oneLine(result.stderr)).toContain('--timeout must be a positive number of seconds');
  });

  test('--chunk-size abc: exit 2, nothing pushed', async () => {
    const image = await uniqueImage('chunk-size');
    const result = await runCustody([
      'image',
      'copy',
      '--chunk-size',
      'abc',
      `oci:${image.dir}:v1`,
      `docker://${registry.host}/chunk/size:v1`,
    ]);
    expect(result.status).toBe(2);
    expect(oneLine(result.stderr)).toContain('--chunk-size must be a positive number of MiB');
    expect(await registryLacks('chunk/size', 'v1')).toBe(true);
  });
});

describe('failing registry answers', () => {
  test('404: exit 2 naming the image', async () => {
    const out = join(work, 'missing-out');
    const result = await runCustody([
      'image',
      'copy',
      `docker://${registry.host}/no/such:v1`,
      `oci:${out}:v1`,
    ]);
    expect(result.status).toBe(2);
    const line = oneLine(result.stderr);
    expect(line).toContain(`docker://${registry.host}/no/such:v1`);
    expect(line).toContain('HTTP 404');
    expect(await absent(out)).toBe(true);
  });

  test('another 4xx (distribution refuses a manifest naming a foreign layer without URLs): exit 2', async () => {
    const base = await uniqueImage('foreign-src');
    const foreign = foreignLayer('foreign bytes nobody has');
    const dir = join(work, 'foreign');
    const descriptor = await writeImageBlobs(
      dir,
      base.layers,
      { os: 'linux', architecture: 'amd64' },
      { extraLayers: [foreign] },
    );
    await writeLayoutIndex(dir, [{ descriptor, tag: 'v1' }]);
    const result = await runCustody([
      'image',
      'copy',
      `oci:${dir}:v1`,
      `docker://${registry.host}/bad/foreign:v1`,
    ]);
    expect(result.status).toBe(2);
    const line = oneLine(result.stderr);
    expect(line).toContain(`docker://${registry.host}/bad/foreign:v1`);
    expect(line).toMatch(/manifest upload v1 failed: HTTP 400 \(MANIFEST_/);
    expect(await registryLacks('bad/foreign', 'v1')).toBe(true);
  });

  // distribution answers 403 to nothing in its auth modes (a token without the scope gets a 401),
  // so a stand-in gives the 403 a registry's access policy would.
  test('403: exit 2', async () => {
    const standIn = await startStandIn(undefined, () => ({
      status: 403,
      body: '{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}',
    }));
    standIns.push(standIn);
    const out = join(work, 'denied-out');
    const result = await runCustody([
      'image',
      'copy',
      `docker://${standIn.host}/private/app:v1`,
      `oci:${out}:v1`,
    ]);
    expect(result.status).toBe(2);
    const line = oneLine(result.stderr);
    expect(line).toContain(`docker://${standIn.host}/private/app:v1`);
    expect(line).toContain('denied: HTTP 403 (DENIED: requested access to the resource is denied)');
    expect(await absent(out)).toBe(true);
  });

  // A real registry cannot be made to rate-limit: the stand-in answers 429 to the first two
  // requests, then forwards to the real one. The copy must retry and finish.
  test('429 then OK: retried, the copy completes', async () => {
    const standIn = await startStandIn(registry, (_m, _p, index) =>
      index < 2
        ? { status: 429, headers: { 'retry-after': '0' }, body: '{"errors":[{"code":"TOOMANYREQUESTS"}]}' }
        : 'forward',
    );
    standIns.push(standIn);
    const image = await uniqueImage('ratelimited-src');
    const result = await runCustody([
      'image',
      'copy',
      `oci:${image.dir}:v1`,
      `docker://${standIn.host}/limited/app:v1`,
    ]);
    expect(result.status).toBe(0);
    expect(standIn.seen.length).toBeGreaterThan(2);
    const raw = await skopeoRaw(`docker://${registry.host}/limited/app:v1`);
    expect(raw.equals(await readFile(join(image.dir, 'blobs/sha256', image.manifest.digest.slice(7))))).toBe(
      true,
    );
  });

  // The stand-in fails the first blob body sent (a streamed PUT) with 503, then forwards: the
  // upload must start again with the blob read afresh.
  test('503 to a streamed blob upload: the blob is sent again and the copy completes', async () => {
    let failed = false;
    const standIn = await startStandIn(registry, (method, path) => {
      if (!failed && method === 'PUT' && path.includes('/blobs/uploads/')) {
        failed = true;
        return { status: 503, body: '{"errors":[{"code":"UNAVAILABLE"}]}' };
      }
      return 'forward';
    });
    standIns.push(standIn);
    const image = await uniqueImage('retried-upload-src');
    const result = await runCustody([
      'image',
      'copy',
      `oci:${image.dir}:v1`,
      `docker://${standIn.host}/retried/app:v1`,
    ]);
    expect(result.status).toBe(0);
    expect(failed).toBe(true);
    const raw = await skopeoRaw(`docker://${registry.host}/retried/app:v1`);
    expect(raw.equals(await readFile(join(image.dir, 'blobs/sha256', image.manifest.digest.slice(7))))).toBe(
      true,
    );
  });

  // distribution does not fail on demand; the stand-in answers 503 to everything.
  test('5xx after retries: exit 3', async () => {
    const standIn = await startStandIn(undefined, () => ({
      status: 503,
      body: '{"errors":[{"code":"UNAVAILABLE","message":"maintenance"}]}',
    }));
    standIns.push(standIn);
    const out = join(work, 'unavailable-out');
    const result = await runCustody(['image', 'copy', `docker://${standIn.host}/app:v1`, `oci:${out}:v1`]);
    expect(result.status).toBe(3);
    const line = oneLine(result.stderr);
    expect(line).toContain(`docker://${standIn.host}/app:v1`);
    expect(line).toContain('failed after 5 attempt(s): HTTP 503 (UNAVAILABLE: maintenance)');
    expect(standIn.seen).toHaveLength(5);
    expect(await absent(out)).toBe(true);
  });

  test('connection refused: exit 3', async () => {
    const port = await closedPort();
    const out = join(work, 'refused-out.tar');
    const result = await runCustody([
      'image',
      'copy',
      `docker://127.0.0.1:${port}/app:v1`,
      `oci-archive:${out}:v1`,
    ]);
    expect(result.status).toBe(3);
    const line = oneLine(result.stderr);
    expect(line).toContain(`docker://127.0.0.1:${port}/app:v1`);
    expect(line).toContain('connection refused');
    expect(await absent(out)).toBe(true);
  });

  // A registry that accepts the connection and never answers cannot be made from distribution.
  test('timeout: exit 3', async () => {
    const standIn = await startStandIn(undefined, () => 'hang');
    standIns.push(standIn);
    const out = join(work, 'timeout-out');
    const result = await runCustody([
      'image',
      'copy',
      '--timeout',
      '1',
      `docker://${standIn.host}/app:v1`,
      `oci:${out}:v1`,
    ]);
    expect(result.status).toBe(3);
    const line = oneLine(result.stderr);
    expect(line).toContain(`docker://${standIn.host}/app:v1`);
    expect(line).toContain('no answer from');
    expect(line).toContain('within 1 s');
    expect(await absent(out)).toBe(true);
  });
});
