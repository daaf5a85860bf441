/**
 * apt itself as the oracle of repository acceptance: `apt-get update --error-on=any` with `Dir`
 * pointing at a rootfs (its sources.list(.d) and trusted.gpg.d are apt's), state in a fresh
 * temporary directory (apt keeps old lists after a failed update), no chroot, no root needed.
 *
 *   const { accepted, errors } = await aptUpdate(rootfsDir, { architecture: 'amd64' });
 *   // or, for a rootfs made on the spot:
 *   const root = await writeAptRootfs(dir, { 'etc/apt/sources.list': 'deb URL stable main\n' });
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface AptUpdateResult {
  accepted: boolean;
  /** apt's `E:` lines. */
  errors: string[];
  output: string;
}

/** Writes files (path relative to the rootfs to content) and the folders apt expects. */
export async function writeAptRootfs(
  root: string,
  files: Record<string, string | Uint8Array>,
): Promise<string> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
  await mkdir(join(root, 'etc/apt/sources.list.d'), { recursive: true });
  await mkdir(join(root, 'etc/apt/trusted.gpg.d'), { recursive: true });
  return root;
}

/** Runs apt-get update against the rootfs's sources and keys; the state directory is removed after. */
export async function aptUpdate(root: string, options: { architecture: string }): Promise<AptUpdateResult> {
  const state = await mkdtemp(join(root, '..', '.apt-state-'));
  try {
    for (const sub of ['lists/partial', 'cache/archives/partial', 'log', 'state']) {
      await mkdir(join(state, sub), { recursive: true });
    }
    await writeFile(join(state, 'status'), '');
    const config = [
      `Dir "${root}/";`,
      `Dir::State "${state}/state";`,
      `Dir::State::lists "${state}/lists";`,
      `Dir::State::status "${state}/status";`,
      `Dir::Cache "${state}/cache";`,
      `Dir::Log "${state}/log";`,
      'Debug::NoLocking "true";',
      `APT::Architecture "${options.architecture}";`,
      'Acquire::Languages "none";',
      'APT::Sandbox::User "root";',
    ];
    await writeFile(join(state, 'apt.conf'), `${config.join('\n')}\n`);
    const env = { ...process.env, APT_CONFIG: join(state, 'apt.conf'), LC_ALL: 'C' };
    const { accepted, output } = await run('apt-get', ['update', '-q', '--error-on=any'], { env }).then(
      (r) => ({ accepted: true, output: r.stdout + r.stderr }),
      (e: { stdout?: string; stderr?: string }) => ({
        accepted: false,
        output: `${e.stdout ?? ''}${e.stderr ?? ''}`,
      }),
    );
    return { accepted, output, errors: output.split('\n').filter((l) => l.startsWith('E:')) };
  } finally {
    await rm(state, { recursive: true, force: true });
  }
}
