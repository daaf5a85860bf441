// Opt-in (CUSTODY_NETWORK_TESTS=1): needs the Debian mirror this machine's apt uses, root for
// debootstrap, and a few minutes. A real `debootstrap --variant=minbase bookworm` rootfs, planned by
// custody and by apt-get -s dist-upgrade against the same mirror at the same moment.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCustody } from '#test-helpers';
import { runAptOnRootfs } from '../../packages/patch/src/__fixtures__/apt-oracle.js';

const run = promisify(execFile);
const enabled = process.env.CUSTODY_NETWORK_TESTS === '1';
// The mirror and suites of this machine's /etc/apt/sources.list.d/debian.sources.
const MIRROR = 'http://deb.debian.org/debian';
const SECURITY = 'http://deb.debian.org/debian-security';

describe.skipIf(!enabled)(
  'network (CUSTODY_NETWORK_TESTS=1): debootstrap bookworm minbase against the Debian mirror',
  () => {
    let work: string;
    let rootfs: string;

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'custody-debootstrap-'));
      rootfs = join(work, 'rootfs');
      await run('debootstrap', ['--variant=minbase', 'bookworm', rootfs, MIRROR], { maxBuffer: 64 << 20 });
      const lines = [
        `deb ${MIRROR} bookworm main`,
        `deb ${MIRROR} bookworm-updates main`,
        `deb ${SECURITY} bookworm-security main`,
      ];
      await writeFile(join(rootfs, 'etc/apt/sources.list'), `${lines.join('\n')}\n`);
    }, 900_000);

    afterAll(async () => {
      if (work !== undefined) await rm(work, { recursive: true, force: true });
    });

    it('custody patch plan --update all equals apt-get -s dist-upgrade', async () => {
      const keyring = join(rootfs, 'usr/share/keyrings/debian-archive-keyring.gpg');
      const apt = await runAptOnRootfs({
        root: rootfs,
        stateDir: join(work, 'apt'),
        sources: [
          `deb [signed-by=${keyring}] ${MIRROR} bookworm main`,
          `deb [signed-by=${keyring}] ${MIRROR} bookworm-updates main`,
          `deb [signed-by=${keyring}] ${SECURITY} bookworm-security main`,
        ],
        archs: [(await run('dpkg', ['--print-architecture'])).stdout.trim()],
        command: ['dist-upgrade'],
      });
      expect(apt.status, apt.output).toBe(0);
      const result = await runCustody([
        'patch',
        'plan',
        rootfs,
        '--update',
        'all',
        '--format',
        'json',
        '--no-cache',
      ]);
      expect(result.status, result.stderr).toBe(0);
      const plan = JSON.parse(result.stdout) as { entries: { package: string; arch: string; to: string }[] };
      expect(apt.removals).toEqual([]);
      expect(
        plan.entries
          .map((e) => ({ package: e.package, arch: e.arch, version: e.to }))
          .sort((a, b) => `${a.package}:${a.arch}`.localeCompare(`${b.package}:${b.arch}`)),
      ).toEqual(apt.installs);
    }, 300_000);
  },
);
