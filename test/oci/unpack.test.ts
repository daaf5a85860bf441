// umoci, an independent OCI implementation, unpacks the layouts custody writes (gzip and
// uncompressed layers; umoci 0.4 rejects zstd), applying whiteouts and opaque directories.
import { lstat, mkdtemp, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCustody } from '#test-helpers';
import { buildMultiPlatformLayout } from '../helpers/images.js';
import { run } from '../helpers/oracles.js';
import { startRegistry, type TestRegistry } from '../helpers/registry.js';

let work: string;
let registry: TestRegistry;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custody-unpack-'));
  registry = await startRegistry();
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const exists = async (path: string): Promise<boolean> =>
  lstat(path).then(
    () => true,
    () => false,
  );

describe.each(['gzip', 'none'] as const)('umoci unpacks what custody wrote (%s layers)', (compression) => {
  test('through a registry and back into a layout', async () => {
    const source = await buildMultiPlatformLayout(join(work, `src-${compression}`), { compression });
    const remote = `docker://${registry.host}/unpack/${compression}:v1`;
    expect(
      (await runCustody(['image', 'copy', '--all-platforms', `oci:${source.dir}:v1`, remote])).status,
    ).toBe(0);
    const layout = join(work, `layout-${compression}`);
    const copied = await runCustody([
      'image',
      'copy',
      '--platform',
      'linux/arm64',
      remote,
      `oci:${layout}:v1`,
    ]);
    expect(copied.status).toBe(0);
    const bundle = join(work, `bundle-${compression}`);
    await run('umoci', ['unpack', '--rootless', '--image', `${layout}:v1`, bundle]);
    const rootfs = join(bundle, 'rootfs');
    expect(await readFile(join(rootfs, 'etc/platform'), 'utf8')).toBe('linux/arm64/v8\n');
    // Whiteout of etc/hostname, opaque var/lib/data: the lower layer's files are gone.
    expect(await exists(join(rootfs, 'etc/hostname'))).toBe(false);
    expect(await exists(join(rootfs, 'var/lib/data/old.txt'))).toBe(false);
    expect(await readFile(join(rootfs, 'var/lib/data/new.txt'), 'utf8')).toBe(
      'fresh data for linux/arm64/v8\n',
    );
    // Hard link shares the inode, the symlink is a symlink, long names survive.
    const tool = await stat(join(rootfs, 'usr/bin/tool'));
    expect((await stat(join(rootfs, 'usr/bin/tool-link'))).ino).toBe(tool.ino);
    expect(await readlink(join(rootfs, 'usr/bin/tool-symlink'))).toBe('tool');
    const longDir = join(rootfs, 'usr/share', `${'very-long-directory-name-'.repeat(5)}end`);
    expect(await readFile(join(longDir, `${'f'.repeat(120)}.txt`), 'utf8')).toBe(
      'a file with a name past 100 bytes\n',
    );
  });
});
