// Acceptance 1: every transport pair round-trips a multi-layer, multi-platform image. skopeo is
// the other side: it writes the sources custody reads, and reads back what custody writes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCustody } from '#test-helpers';
import { buildMultiPlatformLayout, type TestImage } from '../helpers/images.js';
import { digestOfBytes, layoutBlobs, layoutEntries, skopeoCopy, skopeoRaw } from '../helpers/oracles.js';
import { startRegistry, type TestRegistry } from '../helpers/registry.js';

type Transport = 'oci' | 'oci-archive' | 'docker' | 'docker-archive';
const TRANSPORTS: Transport[] = ['oci', 'oci-archive', 'docker', 'docker-archive'];

let work: string;
let registry: TestRegistry;
let image: TestImage;
let sourceBlobs: Map<string, Buffer>;
let amd64Config: { digest: string; diffIds: string[] };
const sources = {} as Record<Transport, string>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custody-transports-'));
  registry = await startRegistry();
  image = await buildMultiPlatformLayout(join(work, 'source'), { tag: 'v1', compression: 'gzip' });
  sourceBlobs = await layoutBlobs(image.dir);
  const amd64 = JSON.parse((sourceBlobs.get(image.images[0]?.digest ?? '') as Buffer).toString()) as {
    config: { digest: string };
  };
  const config = JSON.parse((sourceBlobs.get(amd64.config.digest) as Buffer).toString()) as {
    rootfs: { diff_ids: string[] };
  };
  amd64Config = { digest: amd64.config.digest, diffIds: config.rootfs.diff_ids };
  // The sources of each transport are written by skopeo, not by custody.
  sources.oci = `oci:${image.dir}:v1`;
  sources.docker = `docker://${registry.host}/source/image:v1`;
  await skopeoCopy(sources.oci, sources.docker, ['--all', '--preserve-digests']);
  sources['oci-archive'] = `oci-archive:${join(work, 'source.tar')}:v1`;
  await skopeoCopy(sources.oci, sources['oci-archive'], ['--all', '--preserve-digests']);
  sources['docker-archive'] = `docker-archive:${join(work, 'source-docker.tar')}:source/image:v1`;
  await skopeoCopy(sources.oci, sources['docker-archive'], [
    '--override-os',
    'linux',
    '--override-arch',
    'amd64',
  ]);
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

function destination(transport: Transport, name: string): string {
  switch (transport) {
    case 'oci':
      return `oci:${join(work, name)}:v1`;
    case 'oci-archive':
      return `oci-archive:${join(work, `${name}.tar`)}:v1`;
    case 'docker':
      return `docker://${registry.host}/copies/${name}:v1`;
    case 'docker-archive':
      return `docker-archive:${join(work, `${name}-docker.tar`)}:copies/${name}:v1`;
  }
}

/** What skopeo reads back from a destination: its whole image as a plain layout it writes. */
async function readBackWithSkopeo(location: string, name: string): Promise<string> {
  const dir = join(work, `check-${name}`);
  await skopeoCopy(
    location,
    `oci:${dir}:v1`,
    location.startsWith('docker-archive:') ? [] : ['--all', '--preserve-digests'],
  );
  return dir;
}

async function configOf(layoutDir: string): Promise<{ digest: string; diffIds: string[] }> {
  const blobs = await layoutBlobs(layoutDir);
  const [entry] = await layoutEntries(layoutDir);
  const manifest = JSON.parse((blobs.get(entry?.digest ?? '') as Buffer).toString()) as {
    config: { digest: string };
  };
  const config = JSON.parse((blobs.get(manifest.config.digest) as Buffer).toString()) as {
    rootfs: { diff_ids: string[] };
  };
  return { digest: manifest.config.digest, diffIds: config.rootfs.diff_ids };
}

describe('custody image copy between every pair of transports', () => {
  const pairs = TRANSPORTS.flatMap((from) => TRANSPORTS.map((to) => [from, to] as const));
  test.each(pairs)('%s -> %s', async (from, to) => {
    const name = `${from}-to-${to}`;
    const target = destination(to, name);
    const oneImage = from === 'docker-archive' || to === 'docker-archive';
    const flags = oneImage ? ['--platform', 'linux/amd64'] : ['--all-platforms', '--preserve-digests'];
    const result = await runCustody(['image', 'copy', ...flags, sources[from], target]);
    expect(result.stderr).not.toContain('error');
    expect(result.status).toBe(0);

    if (!oneImage) {
      // Every index, manifest and blob digest kept: skopeo reads the index bytes we started with…
      const raw = await skopeoRaw(target);
      expect(digestOfBytes(raw)).toBe(image.index.digest);
      // …and the copy it makes of our output holds exactly the source's blobs, byte for byte.
      const check = await readBackWithSkopeo(target, name);
      const blobs = await layoutBlobs(check);
      expect([...blobs.keys()].sort()).toEqual([...sourceBlobs.keys()].sort());
      for (const [digest, bytes] of blobs) expect(bytes.equals(sourceBlobs.get(digest) as Buffer)).toBe(true);
      expect((await layoutEntries(check))[0]?.digest).toBe(image.index.digest);
    } else if (to === 'docker-archive') {
      // docker-archive keeps the config (digest of its bytes) and the diff_ids.
      const rawConfig = await skopeoRaw(target.replace(/:copies\/.*$/, ''), true);
      expect(digestOfBytes(rawConfig)).toBe(amd64Config.digest);
      expect(
        (JSON.parse(rawConfig.toString()) as { rootfs: { diff_ids: string[] } }).rootfs.diff_ids,
      ).toEqual(amd64Config.diffIds);
      const skopeoManifest = JSON.parse((await skopeoRaw(target.replace(/:copies\/.*$/, ''))).toString()) as {
        config: { digest: string };
      };
      expect(skopeoManifest.config.digest).toBe(amd64Config.digest);
    } else {
      const check = await readBackWithSkopeo(target, name);
      expect(await configOf(check)).toEqual(amd64Config);
    }
  });

  test('docker -> docker on one registry mounts blobs instead of uploading them', async () => {
    const before = registry.requests().length;
    const result = await runCustody([
      'image',
      'copy',
      '--all-platforms',
      sources.docker,
      `docker://${registry.host}/mounted/image:v1`,
    ]);
    expect(result.status).toBe(0);
    const requests = registry.requests().slice(before);
    const mounts = requests.filter((r) =>
      /^POST \/v2\/mounted\/image\/blobs\/uploads\/\?mount=sha256:[0-9a-f]{64}&from=source%2Fimage 201$/.test(
        r,
      ),
    );
    // 3 layers + 2 configs, each mounted once; no blob bytes uploaded.
    expect(mounts).toHaveLength(5);
    expect(requests.filter((r) => /^(PUT|PATCH) \/v2\/mounted\/image\/blobs\//.test(r))).toEqual([]);
  });
});

describe('custody image inspect and digest', () => {
  test('--raw prints the manifest bytes exactly as stored', async () => {
    const result = await runCustody(['image', 'inspect', '--raw', sources.docker]);
    expect(result.status).toBe(0);
    expect(Buffer.from(result.stdout).equals(await skopeoRaw(sources.docker))).toBe(true);
  });

  test('digest prints the index digest', async () => {
    const result = await runCustody(['image', 'digest', sources['oci-archive']]);
    expect(result.stdout.trim()).toBe(image.index.digest);
  });

  test('inspect lists platforms and, with --platform, the layers with their diff_ids', async () => {
    const result = await runCustody(['image', 'inspect', '--platform', 'linux/amd64', sources.docker]);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as {
      platforms: { platform: string }[];
      image: { layers: { digest: string; diffId: string }[]; manifest: { config: { digest: string } } };
    };
    expect(report.platforms.map((p) => p.platform)).toEqual(['linux/amd64', 'linux/arm64/v8']);
    expect(report.image.manifest.config.digest).toBe(amd64Config.digest);
    expect(report.image.layers.map((l) => l.diffId)).toEqual(amd64Config.diffIds);
    expect(report.image.layers.map((l) => l.digest)).toEqual([image.base.digest, image.uppers[0]?.digest]);
  });

  test('tags lists what the registry holds', async () => {
    const result = await runCustody(['image', 'tags', `docker://${registry.host}/source/image`]);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual(['v1']);
  });
});
