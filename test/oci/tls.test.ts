// A registry on loopback that speaks only TLS, with a certificate from a CA made here. custody
// tries HTTPS first on loopback and falls back to plain HTTP only for a registry that does not
// speak TLS (as Docker does for local registries); it never ignores a certificate it cannot verify.
// skopeo, trusting the same CA through --cert-dir, is the oracle for what was pushed.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCustody } from '#test-helpers';
import { buildSinglePlatformLayout } from '../helpers/images.js';
import { digestOfBytes, run } from '../helpers/oracles.js';
import { makeLoopbackCertificate, startRegistry, type TestRegistry } from '../helpers/registry.js';

let work: string;
let layout: string;
let manifestDigest: string;
let tls: ReturnType<typeof makeLoopbackCertificate>;
let registry: TestRegistry;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custody-tls-'));
  const image = await buildSinglePlatformLayout(join(work, 'image'));
  layout = `oci:${image.dir}:v1`;
  manifestDigest = image.manifest.digest;
  tls = makeLoopbackCertificate(work);
  registry = await startRegistry({ mode: 'none' }, tls);
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** skopeo inspect --raw of a registry image, trusting the test CA. */
async function skopeoManifest(reference: string): Promise<Buffer> {
  const policy = join(work, 'policy.json');
  await writeFile(policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
  return run('skopeo', ['--policy', policy, 'inspect', '--raw', '--cert-dir', tls.certDir, reference]);
}

describe('a TLS registry on loopback', () => {
  test('with its CA trusted (NODE_EXTRA_CA_CERTS): pushed over HTTPS, skopeo reads the same manifest', async () => {
    const target = `docker://${registry.host}/tls/pushed:v1`;
    const result = await runCustody(['image', 'copy', layout, target], {
      env: { NODE_EXTRA_CA_CERTS: tls.ca },
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`to ${target}: ${manifestDigest}`);
    // The registry speaks nothing but TLS: its access log holding the pushes shows they were HTTPS.
    expect(registry.requests()).toContain(`PUT /v2/tls/pushed/manifests/v1 201`);
    const manifest = await skopeoManifest(target);
    expect(digestOfBytes(manifest)).toBe(manifestDigest);
    const local = await readFile(join(work, 'image', 'blobs', 'sha256', manifestDigest.slice(7)));
    expect(manifest.equals(local)).toBe(true);
  });

  test('with its CA not trusted: exit 3, the certificate named as the problem, nothing pushed', async () => {
    const before = registry.requests().length;
    const result = await runCustody(['image', 'copy', layout, `docker://${registry.host}/tls/refused:v1`]);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(`the TLS certificate of ${registry.host} is not trusted`);
    expect(result.stderr).toContain('NODE_EXTRA_CA_CERTS');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(registry.requests().slice(before)).toEqual([]);
  });

  test('--insecure means plain HTTP, which a TLS-only registry answers with HTTP 400: exit 2', async () => {
    const result = await runCustody([
      'image',
      'copy',
      '--insecure',
      layout,
      `docker://${registry.host}/tls/plain:v1`,
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`docker://${registry.host}/tls/plain:v1`);
    expect(result.stderr).toContain('HTTP 400');
  });
});
