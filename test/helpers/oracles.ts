// Real clients as oracles for image tests: skopeo (containers/image) and umoci read what custody
// writes, and write what custody reads.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let policyPath: string | undefined;

/** A signature policy that accepts anything: skopeo refuses to copy without one. */
async function policy(): Promise<string> {
  if (policyPath === undefined) {
    const dir = await mkdtemp(join(tmpdir(), 'custody-skopeo-'));
    policyPath = join(dir, 'policy.json');
    await writeFile(policyPath, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
  }
  return policyPath;
}

/** Runs a command; resolves stdout as a Buffer, rejects with stderr on failure. */
export function run(command: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: 'buffer', maxBuffer: 1 << 28 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${stderr.toString()}`));
      else resolve(stdout);
    });
  });
}

/** `skopeo copy` with TLS off for the loopback registry and the permissive policy. */
export async function skopeoCopy(from: string, to: string, extra: string[] = []): Promise<void> {
  const tls = [
    ...(from.startsWith('docker://') ? ['--src-tls-verify=false'] : []),
    ...(to.startsWith('docker://') ? ['--dest-tls-verify=false'] : []),
  ];
  await run('skopeo', ['--policy', await policy(), 'copy', '-q', ...tls, ...extra, from, to]);
}

/** `skopeo inspect --raw` (add `--config` for the config blob): the bytes as skopeo reads them. */
export async function skopeoRaw(location: string, config = false): Promise<Buffer> {
  const tls = location.startsWith('docker://') ? ['--tls-verify=false'] : [];
  return run('skopeo', [
    '--policy',
    await policy(),
    'inspect',
    '--raw',
    ...(config ? ['--config'] : []),
    ...tls,
    location,
  ]);
}

/** sha256 of bytes, as `sha256:<hex>`. */
export const digestOfBytes = (data: Buffer): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** Every blob of a layout: digest → bytes, each checked against its file name. */
export async function layoutBlobs(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const base = join(dir, 'blobs', 'sha256');
  for (const name of await readdir(base)) {
    if (name.startsWith('.')) continue;
    const bytes = await readFile(join(base, name));
    if (digestOfBytes(bytes) !== `sha256:${name}`)
      throw new Error(`${dir}: blob ${name} does not match its name`);
    out.set(`sha256:${name}`, bytes);
  }
  return out;
}

/** The descriptors index.json lists. */
export async function layoutEntries(
  dir: string,
): Promise<{ digest: string; mediaType: string; annotations?: Record<string, string> }[]> {
  return (
    JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as {
      manifests: { digest: string; mediaType: string }[];
    }
  ).manifests;
}
