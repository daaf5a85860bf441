// `custody image copy` of a 500 MiB OCI layout into a local registry, against `skopeo copy` of the
// same layout into a fresh repository of its own registry. Both pass layers through unchanged
// (uncompressed layers; skopeo with --preserve-digests so it does not gzip them). Peak memory must
// stay flat whatever the layer size: two layouts of the same total size, small and large layers.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from './lib/measure.mjs';

export const title = 'oci: image copy of a 500 MiB layout into a local registry (custody vs skopeo)';
export const notes =
  'Targets: custody no slower than skopeo; custody peak RSS under 150 MiB and flat across layer sizes. ' +
  'Each tool pushes to its own fresh docker-registry on 127.0.0.1.';

const MiB = 1024 * 1024;
const custodyBin = fileURLToPath(new URL('../packages/cli/bundle/bin.mjs', import.meta.url));

/** Streams one layer: a tar holding a single file of `size` pseudo-random bytes. Returns its digest. */
async function writeLayer(path, size, seed) {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  const write = (chunk) => {
    hash.update(chunk);
    return out.write(chunk) ? Promise.resolve() : new Promise((resolve) => out.once('drain', resolve));
  };
  const header = Buffer.alloc(512);
  header.write(`data-${seed}.bin`, 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  await write(header);
  // Random blocks repeated with a counter: incompressible enough, cheap to make.
  const block = randomBytes(4 * MiB);
  for (let written = 0; written < size; written += block.length) {
    block.writeUInt32LE(written / block.length, 0);
    await write(block.subarray(0, Math.min(block.length, size - written)));
  }
  const padding = (512 - (size % 512)) % 512;
  await write(Buffer.alloc(padding + 1024));
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  return { digest: `sha256:${hash.digest('hex')}`, size: 512 + size + padding + 1024 };
}

async function putBlob(dir, data) {
  const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
  await writeFile(join(dir, 'blobs', 'sha256', digest.slice(7)), data);
  return { digest, size: data.length };
}

/** A layout of `count` layers of `layerMiB` each. */
export async function makeLayout(dir, count, layerMiB) {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  const layers = [];
  for (let i = 0; i < count; i++) {
    const tmp = join(dir, `layer-${i}.tmp`);
    const layer = await writeLayer(tmp, layerMiB * MiB, `${layerMiB}-${i}`);
    const { rename } = await import('node:fs/promises');
    await rename(tmp, join(dir, 'blobs', 'sha256', layer.digest.slice(7)));
    layers.push(layer);
  }
  const config = await putBlob(
    dir,
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      }),
    ),
  );
  const manifest = await putBlob(
    dir,
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...l })),
      }),
    ),
  );
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...manifest,
          annotations: { 'org.opencontainers.image.ref.name': 'v1' },
        },
      ],
    }),
  );
}

/** Starts docker-registry on 127.0.0.1 (port 0; the chosen port is read from its log). */
async function startRegistry(dir) {
  await mkdir(dir, { recursive: true });
  const config = join(dir, 'config.yml');
  await writeFile(
    config,
    `version: 0.1\nlog:\n  level: info\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\nhttp:\n  addr: 127.0.0.1:0\n  secret: bench\n`,
  );
  const child = spawn('/usr/bin/docker-registry', ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`docker-registry exited with ${code}: ${output}`)));
  });
  return {
    host: `127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

export async function run() {
  const work = await mkdtemp(join(tmpdir(), 'custody-bench-oci-'));
  const policy = join(work, 'policy.json');
  await writeFile(policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
  const rows = [];
  // CUSTODY_BENCH_OCI_MIB shrinks the image for a quick check of the benchmark itself.
  const total = Number(process.env.CUSTODY_BENCH_OCI_MIB ?? 500);
  const shapes = [
    { count: 10, layerMiB: total / 10 },
    { count: 2, layerMiB: total / 2 },
  ];
  try {
    for (const { count, layerMiB } of shapes) {
      const layout = join(work, `layout-${layerMiB}`);
      await makeLayout(layout, count, layerMiB);
      const tools = [
        {
          tool: 'custody image copy',
          command: process.execPath,
          args: (host) => [
            custodyBin,
            'image',
            'copy',
            `oci:${layout}:v1`,
            `docker://${host}/bench/image:v1`,
          ],
        },
        {
          tool: 'skopeo copy',
          command: 'skopeo',
          args: (host) => [
            '--policy',
            policy,
            'copy',
            '-q',
            '--preserve-digests',
            '--dest-tls-verify=false',
            `oci:${layout}:v1`,
            `docker://${host}/bench/image:v1`,
          ],
        },
      ];
      for (const { tool, command, args } of tools) {
        const registry = await startRegistry(join(work, `registry-${layerMiB}-${tool.split(' ')[0]}`));
        try {
          const result = await measure(command, args(registry.host));
          if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr}`);
          rows.push({
            layout: `${count} × ${layerMiB} MiB`,
            tool,
            'wall s': (result.wallMs / 1000).toFixed(2),
            'MiB/s': ((count * layerMiB) / (result.wallMs / 1000)).toFixed(0),
            'peak RSS MiB': result.peakMiB.toFixed(0),
          });
        } finally {
          await registry.stop();
        }
      }
      await rm(layout, { recursive: true, force: true });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return rows;
}
