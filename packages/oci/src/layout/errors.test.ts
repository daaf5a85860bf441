// One case per error code of the local transports (layout, archives, platform choice), on images
// the test builds; each must be an input error (exit 2) naming the location.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  buildMultiPlatformLayout,
  buildSinglePlatformLayout,
  type TestImage,
  writeLayoutIndex,
} from '../../../../test/helpers/images.js';
import {
  copyImage,
  dockerArchiveImage,
  layoutImage,
  OciError,
  type OciErrorCode,
  ociArchiveImage,
  parseImageLocation,
  parsePlatform,
  validateImage,
} from '../index.js';

let work: string;
let multi: TestImage;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custody-layout-errors-'));
  multi = await buildMultiPlatformLayout(join(work, 'multi'));
  await writeFile(join(work, 'not-a-tar.tar'), 'hello');
  const two = join(work, 'two-entries');
  await buildSinglePlatformLayout(two);
  await writeLayoutIndex(two, [
    { descriptor: multi.index, tag: 'a' },
    { descriptor: multi.images[0] as TestImage['index'], tag: 'b' },
  ]);
  const huge = join(work, 'huge');
  await buildSinglePlatformLayout(huge);
  await writeLayoutIndex(huge, [{ descriptor: { ...multi.index, size: 64 * 1024 * 1024 }, tag: 'v1' }]);
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const cases: [OciErrorCode, string, () => Promise<unknown>][] = [
  ['INVALID_LAYOUT', 'no oci-layout file', () => layoutImage(join(work, 'nowhere'), 'v1')],
  ['IMAGE_NOT_FOUND', 'no image tagged "v9"', () => layoutImage(multi.dir, 'v9')],
  ['AMBIGUOUS_IMAGE', 'holds 2 images', () => layoutImage(join(work, 'two-entries'))],
  [
    'MANIFEST_TOO_LARGE',
    '67108864 bytes',
    async () => validateImage(await layoutImage(join(work, 'huge'), 'v1'), 'huge'),
  ],
  [
    'BLOB_NOT_FOUND',
    'is missing from the layout',
    async () => {
      const dir = join(work, 'missing-blob');
      const built = await buildSinglePlatformLayout(dir);
      await rm(join(dir, 'blobs/sha256', built.layers[0]?.digest.slice(7) ?? ''));
      return validateImage(await layoutImage(dir, 'v1'), 'missing');
    },
  ],
  [
    'PLATFORM_NOT_FOUND',
    'no image for platform linux/s390x (has linux/amd64, linux/arm64/v8)',
    () =>
      copyImage(parseImageLocation(`oci:${multi.dir}:v1`), parseImageLocation(`oci:${join(work, 'p')}:v1`), {
        platform: parsePlatform('linux/s390x'),
      }),
  ],
  ['INVALID_ARCHIVE', 'not an OCI archive', () => ociArchiveImage(join(work, 'not-a-tar.tar'))],
  ['INVALID_ARCHIVE', 'not a docker-archive', () => dockerArchiveImage(join(work, 'not-a-tar.tar'))],
  [
    'UNSUPPORTED',
    'a docker-archive holds one platform',
    () =>
      copyImage(
        parseImageLocation(`oci:${multi.dir}:v1`),
        parseImageLocation(`docker-archive:${join(work, 'd.tar')}`),
        {
          allPlatforms: true,
        },
      ),
  ],
];

test.each(cases)('%s: %s', async (code, message, run) => {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OciError);
  expect((error as OciError).code).toBe(code);
  expect((error as OciError).message).toContain(message);
  expect((error as OciError).exitStatus).toBe(2);
});
