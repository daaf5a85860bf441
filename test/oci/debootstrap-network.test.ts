// Opt-in (CUSTODY_NETWORK_TESTS=1): needs the Debian mirror. A real distribution rootfs made by
// debootstrap (bookworm, minbase), packed by GNU tar into one layer of an OCI layout, copied by
// custody through the registry and back, then unpacked by umoci.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCustody } from '#test-helpers';
import { compressLayer, writeImageBlobs, writeLayoutIndex } from '../helpers/images.js';
import { run, skopeoRaw } from '../helpers/oracles.js';
import { startRegistry, type TestRegistry } from '../helpers/registry.js';

const enabled = process.env.CUSTODY_NETWORK_TESTS === '1';

describe.skipIf(!enabled)(
  'debootstrap bookworm minbase rootfs as an image (network: CUSTODY_NETWORK_TESTS=1)',
  () => {
    let work: string;
    let registry: TestRegistry;
    let layout: string;
    let manifest: Buffer;

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'custody-debootstrap-'));
      registry = await startRegistry();
      const rootfs = join(work, 'rootfs');
      execFileSync('debootstrap', ['--variant=minbase', 'bookworm', rootfs, 'http://deb.debian.org/debian'], {
        stdio: 'ignore',
      });
      const tarBytes = execFileSync(
        'tar',
        ['-C', rootfs, '--numeric-owner', '--sort=name', '-cf', '-', '.'],
        {
          maxBuffer: 1 << 30,
        },
      );
      layout = join(work, 'layout');
      const descriptor = await writeImageBlobs(layout, [compressLayer(tarBytes, 'gzip')], {
        os: 'linux',
        architecture: 'amd64',
      });
      await writeLayoutIndex(layout, [{ descriptor, tag: 'bookworm' }]);
      manifest = await readFile(join(layout, 'blobs/sha256', descriptor.digest.slice(7)));
    }, 900_000);

    afterAll(async () => {
      await registry?.stop();
      if (work) await rm(work, { recursive: true, force: true });
    });

    test('copies through the registry unchanged and unpacks with umoci', async () => {
      const remote = `docker://${registry.host}/debian/minbase:bookworm`;
      expect((await runCustody(['image', 'copy', `oci:${layout}:bookworm`, remote])).status).toBe(0);
      expect((await skopeoRaw(remote)).equals(manifest)).toBe(true);
      const out = join(work, 'back');
      expect((await runCustody(['image', 'copy', remote, `oci:${out}:bookworm`])).status).toBe(0);
      await run('umoci', ['unpack', '--rootless', '--image', `${out}:bookworm`, join(work, 'bundle')]);
      expect(await readFile(join(work, 'bundle/rootfs/etc/debian_version'), 'utf8')).toMatch(/^12\./);
    }, 300_000);
  },
);
