// Acceptance 2 and 3: a copy sends only what the destination lacks, counted from the registry's
// own access log; an interrupted copy, run again, sends only the blobs that had not arrived.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { custodyBin, runCustody } from '#test-helpers';
import { buildSinglePlatformLayout } from '../helpers/images.js';
import { skopeoRaw } from '../helpers/oracles.js';
import { type StandIn, startRegistry, startStandIn, type TestRegistry } from '../helpers/registry.js';

let work: string;
let registry: TestRegistry;
const standIns: StandIn[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custody-incremental-'));
  registry = await startRegistry();
});

afterAll(async () => {
  for (const s of standIns) await s.stop();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Access-log lines since `from` that completed a blob upload (PUT …/blobs/uploads/… 201). */
function blobPuts(from: number, repository: string): string[] {
  return registry
    .requests()
    .slice(from)
    .filter((r) => r.startsWith(`PUT /v2/${repository}/blobs/uploads/`) && r.endsWith(' 201'));
}

const unique = (name: string) => [{ name, type: 'file' as const, content: randomBytes(4096) }];

async function manifestOf(dir: string, digest: string): Promise<Buffer> {
  return readFile(join(dir, 'blobs/sha256', digest.slice(7)));
}

describe('only missing blobs move', () => {
  test('an image on a base the repository holds uploads only its new layer and config', async () => {
    const base = await buildSinglePlatformLayout(join(work, 'base'));
    const derived = await buildSinglePlatformLayout(join(work, 'derived'), {
      extra: [unique('app/new-file')],
    });
    expect(derived.layers.slice(0, 2).map((l) => l.digest)).toEqual(base.layers.map((l) => l.digest));
    expect(
      (await runCustody(['image', 'copy', `oci:${base.dir}:v1`, `docker://${registry.host}/inc/app:base`]))
        .status,
    ).toBe(0);
    const from = registry.requests().length;
    const result = await runCustody([
      'image',
      'copy',
      `oci:${derived.dir}:v1`,
      `docker://${registry.host}/inc/app:derived`,
    ]);
    expect(result.status).toBe(0);
    const puts = blobPuts(from, 'inc/app');
    expect(puts).toHaveLength(2);
    const newDigests = [derived.layers[2]?.digest];
    const config = JSON.parse((await manifestOf(derived.dir, derived.manifest.digest)).toString()).config
      .digest;
    newDigests.push(config);
    for (const digest of newDigests)
      expect(puts.some((p) => p.includes(encodeURIComponent(digest ?? '')))).toBe(true);
    expect(
      (await skopeoRaw(`docker://${registry.host}/inc/app:derived`)).equals(
        await manifestOf(derived.dir, derived.manifest.digest),
      ),
    ).toBe(true);
  });

  test('copying to a layout that holds the image fetches no blob again', async () => {
    const out = join(work, 'again');
    const remote = `docker://${registry.host}/inc/app:derived`;
    expect((await runCustody(['image', 'copy', remote, `oci:${out}:v1`])).status).toBe(0);
    const from = registry.requests().length;
    expect((await runCustody(['image', 'copy', remote, `oci:${out}:v1`])).status).toBe(0);
    expect(
      registry
        .requests()
        .slice(from)
        .filter((r) => r.startsWith('GET /v2/inc/app/blobs/')),
    ).toEqual([]);
  });

  test('chunked upload: PATCH with Content-Range, then PUT; skopeo reads the same bytes', async () => {
    const big = await buildSinglePlatformLayout(join(work, 'big'), {
      compression: 'none',
      extra: [[{ name: 'big.bin', type: 'file', content: randomBytes(2.5 * 1024 * 1024) }]],
    });
    const from = registry.requests().length;
    const result = await runCustody([
      'image',
      'copy',
      '--chunk-size',
      '1',
      `oci:${big.dir}:v1`,
      `docker://${registry.host}/inc/big:v1`,
    ]);
    expect(result.status).toBe(0);
    const patches = registry
      .requests()
      .slice(from)
      .filter((r) => r.startsWith('PATCH /v2/inc/big/blobs/uploads/') && r.endsWith(' 202'));
    // The 2.5 MiB layer (plus tar headers) in 1 MiB chunks: three PATCHes; the small blobs go whole.
    expect(patches).toHaveLength(3);
    const out = join(work, 'big-back');
    expect(
      (await runCustody(['image', 'copy', `docker://${registry.host}/inc/big:v1`, `oci:${out}:v1`])).status,
    ).toBe(0);
    const layer = big.layers[2];
    expect(
      (await readFile(join(out, 'blobs/sha256', layer?.digest.slice(7) ?? ''))).equals(layer?.blob as Buffer),
    ).toBe(true);
  });
});

describe('an interrupted copy', () => {
  // To stop a copy part way at a known point, a stand-in forwards to the real registry until two
  // blob uploads have gone through and then drops every connection, as a dying link would.
  test('fails with exit 3 and no tag; run again, it sends only the blobs that had not arrived', async () => {
    const image = await buildSinglePlatformLayout(join(work, 'interrupted'), {
      extra: [unique('a'), unique('b'), unique('c')],
    });
    const total = image.layers.length + 1;
    let uploads = 0;
    const standIn = await startStandIn(registry, (method, path) => {
      if (uploads >= 2) return 'drop';
      if (method === 'PUT' && path.includes('/blobs/uploads/')) uploads++;
      return 'forward';
    });
    standIns.push(standIn);
    const from = registry.requests().length;
    const first = await runCustody([
      'image',
      'copy',
      `oci:${image.dir}:v1`,
      `docker://${standIn.host}/inc/interrupted:v1`,
    ]);
    expect(first.status).toBe(3);
    expect(first.stderr).toContain(`docker://${standIn.host}/inc/interrupted:v1`);
    const arrived = blobPuts(from, 'inc/interrupted');
    expect(arrived).toHaveLength(2);
    const head = await fetch(`http://${registry.host}/v2/inc/interrupted/manifests/v1`, { method: 'HEAD' });
    expect(head.status).toBe(404);

    const again = registry.requests().length;
    const second = await runCustody([
      'image',
      'copy',
      `oci:${image.dir}:v1`,
      `docker://${registry.host}/inc/interrupted:v1`,
    ]);
    expect(second.status).toBe(0);
    const resent = blobPuts(again, 'inc/interrupted');
    expect(resent).toHaveLength(total - 2);
    for (const put of resent)
      for (const done of arrived) expect(put.split('digest=')[1]).not.toBe(done.split('digest=')[1]);
    expect(
      (await skopeoRaw(`docker://${registry.host}/inc/interrupted:v1`)).equals(
        await manifestOf(image.dir, image.manifest.digest),
      ),
    ).toBe(true);
  });

  // A real kill: the CLI is SIGKILLed while a stand-in holds its third blob upload (two have
  // reached the registry). Nothing runs after SIGKILL, so only what the registry holds remains.
  test('killed with SIGKILL part way, run again, it sends only the missing blobs', async () => {
    const image = await buildSinglePlatformLayout(join(work, 'killed'), {
      extra: [unique('k1'), unique('k2'), unique('k3')],
    });
    const total = image.layers.length + 1;
    let puts = 0;
    let holding: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const standIn = await startStandIn(registry, (method, path) => {
      if (method === 'PUT' && path.includes('/blobs/uploads/')) {
        puts++;
        if (puts > 2) {
          holding();
          return 'hang';
        }
      }
      return 'forward';
    });
    standIns.push(standIn);
    const from = registry.requests().length;
    const child = spawn(
      process.execPath,
      [custodyBin, 'image', 'copy', `oci:${image.dir}:v1`, `docker://${standIn.host}/inc/killed:v1`],
      {
        stdio: 'ignore',
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await held;
    // The two forwarded uploads must have completed at the registry before the kill.
    for (let i = 0; i < 100 && blobPuts(from, 'inc/killed').length < 2; i++)
      await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const arrived = blobPuts(from, 'inc/killed');
    expect(arrived).toHaveLength(2);
    expect(
      (await fetch(`http://${registry.host}/v2/inc/killed/manifests/v1`, { method: 'HEAD' })).status,
    ).toBe(404);

    const again = registry.requests().length;
    const second = await runCustody([
      'image',
      'copy',
      `oci:${image.dir}:v1`,
      `docker://${registry.host}/inc/killed:v1`,
    ]);
    expect(second.status).toBe(0);
    const resent = blobPuts(again, 'inc/killed');
    expect(resent).toHaveLength(total - 2);
    const digestOf = (line: string): string | undefined => line.split('digest=')[1];
    expect(resent.map(digestOf).filter((d) => arrived.map(digestOf).includes(d))).toEqual([]);
    expect(
      (await skopeoRaw(`docker://${registry.host}/inc/killed:v1`)).equals(
        await manifestOf(image.dir, image.manifest.digest),
      ),
    ).toBe(true);
  });
});
