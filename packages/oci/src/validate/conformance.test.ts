// One conformance check (validateImage: every manifest, blob and diff_id re-verified) run over
// every transport custody reads and writes, on images the test builds, plus the failures it
// must catch. Registry round trips are checked end to end in test/oci.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type BuiltLayer,
  buildMultiPlatformLayout,
  buildSinglePlatformLayout,
  foreignLayer,
  sha256,
  type TestImage,
  writeImageBlobs,
  writeLayoutIndex,
} from '../../../../test/helpers/images.js';
import {
  copyToTarget,
  dockerArchiveImage,
  layoutImage,
  layoutTarget,
  OciError,
  ociArchiveImage,
  ociArchiveTarget,
  validateImage,
  writeDockerArchive,
} from '../index.js';

const ZSTD_FIXTURE = fileURLToPath(new URL('../../../../fixtures/oci/layer.tar.zst', import.meta.url));
// sha256sum of the uncompressed tar, recorded in fixtures/README.md.
const ZSTD_DIFF_ID = 'sha256:f2b1cf4da40eecb70ad86f983700025dd96ecb7a3c6dd36a730d9e1cf45fbe9e';

let work: string;
let image: TestImage;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custody-conformance-'));
  image = await buildMultiPlatformLayout(join(work, 'source'));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('validateImage over every transport', () => {
  test('oci layout (index of two images, 4 distinct layer reads)', async () => {
    const report = await validateImage(await layoutImage(image.dir, 'v1'), 'layout');
    expect(report).toEqual({ images: 2, layers: 4, skipped: 0 });
  });

  test('oci-archive written by custody', async () => {
    const path = join(work, 'image.tar');
    await copyToTarget(await layoutImage(image.dir, 'v1'), await ociArchiveTarget(path, 'v1'), 'test', {
      allPlatforms: true,
    });
    expect(await validateImage(await ociArchiveImage(path, 'v1'), 'oci-archive')).toEqual({
      images: 2,
      layers: 4,
      skipped: 0,
    });
  });

  test('docker-archive written by custody (layers decompressed, diff_ids kept)', async () => {
    const source = await layoutImage(image.dir, 'v1');
    if (source.kind !== 'index') throw new Error('expected an index');
    const amd64 = await source.index.image(image.images[0]?.digest as `sha256:${string}`);
    const path = join(work, 'docker.tar');
    const written = await writeDockerArchive(amd64, path);
    expect(written.diffIds).toEqual([image.base.diffId, image.uppers[0]?.diffId]);
    const read = await dockerArchiveImage(path);
    expect(await validateImage(read, 'docker-archive')).toEqual({ images: 1, layers: 2, skipped: 0 });
    if (read.kind !== 'image') throw new Error('expected an image');
    // Uncompressed layers: each blob digest is its diff_id.
    expect((await read.image.manifest()).layers.map((l) => l.digest)).toEqual(written.diffIds);
    expect((await read.image.manifest()).config.digest).toBe(written.config);
  });

  test('zstd layers decode with fzstd to the recorded diff_id', async () => {
    const blob = await readFile(ZSTD_FIXTURE);
    const layer: BuiltLayer = {
      blob,
      digest: sha256(blob),
      diffId: ZSTD_DIFF_ID,
      size: blob.length,
      mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd',
    };
    const dir = join(work, 'zstd');
    const descriptor = await writeImageBlobs(dir, [layer], { os: 'linux', architecture: 'amd64' });
    await writeLayoutIndex(dir, [{ descriptor, tag: 'v1' }]);
    expect(await validateImage(await layoutImage(dir, 'v1'), 'zstd')).toEqual({
      images: 1,
      layers: 1,
      skipped: 0,
    });
  });
});

describe('what validation and copying catch', () => {
  test('a wrong diff_id in the config: INVALID_MANIFEST', async () => {
    const single = await buildSinglePlatformLayout(join(work, 'diffid'));
    const wrong: BuiltLayer = {
      ...(single.layers[1] as BuiltLayer),
      diffId: single.layers[0]?.diffId as string,
    };
    const dir = join(work, 'diffid-wrong');
    const descriptor = await writeImageBlobs(dir, [single.layers[0] as BuiltLayer, wrong], {
      os: 'linux',
      architecture: 'amd64',
    });
    await writeLayoutIndex(dir, [{ descriptor, tag: 'v1' }]);
    const error = await validateImage(await layoutImage(dir, 'v1'), 'wrong').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OciError);
    expect((error as OciError).code).toBe('INVALID_MANIFEST');
    expect((error as OciError).message).toContain(`the config says ${single.layers[0]?.diffId}`);
  });

  test('a corrupted blob: DIGEST_MISMATCH while streaming', async () => {
    const dir = join(work, 'corrupt');
    await cp(image.dir, dir, { recursive: true });
    const path = join(dir, 'blobs/sha256', image.base.digest.slice(7));
    const bytes = await readFile(path);
    await writeFile(path, Buffer.concat([bytes.subarray(0, bytes.length - 8), Buffer.alloc(8)]));
    const error = await validateImage(await layoutImage(dir, 'v1'), 'corrupt').catch((e: unknown) => e);
    expect((error as { code?: string }).code).toMatch(/DIGEST_MISMATCH|DECOMPRESSION_FAILED/);
    expect((error as OciError).exitStatus).toBe(2);
  });

  test('a foreign layer is passed through by descriptor and never fetched', async () => {
    const single = await buildSinglePlatformLayout(join(work, 'foreign-base'));
    const foreign = foreignLayer('not present anywhere');
    const dir = join(work, 'foreign');
    const descriptor = await writeImageBlobs(
      dir,
      single.layers,
      { os: 'linux', architecture: 'amd64' },
      {
        extraLayers: [foreign],
      },
    );
    await writeLayoutIndex(dir, [{ descriptor, tag: 'v1' }]);
    await rm(join(dir, 'blobs/sha256', foreign.digest.slice(7)));
    const out = join(work, 'foreign-out');
    const result = await copyToTarget(await layoutImage(dir, 'v1'), await layoutTarget(out, 'v1'), 'foreign');
    expect(result.blobs.foreign).toBe(1);
    expect(result.root.digest).toBe(descriptor.digest);
    const copied = await readFile(join(out, 'blobs/sha256', descriptor.digest.slice(7)));
    expect(sha256(copied)).toBe(descriptor.digest);
    expect(await validateImage(await layoutImage(out, 'v1'), 'foreign')).toEqual({
      images: 1,
      layers: 2,
      skipped: 1,
    });
  });
});
