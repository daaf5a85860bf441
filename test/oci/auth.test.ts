// Registry authentication against distribution's own auth modes: htpasswd (basic) and token
// (bearer JWTs from a loopback token server). Credentials come from --username/--password-stdin,
// a Docker config's `auths`, and a credential helper script written here.
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCustody } from '#test-helpers';
import { buildSinglePlatformLayout } from '../helpers/images.js';
import { skopeoRaw } from '../helpers/oracles.js';
import { startRegistry, startTokenServer, type TestRegistry, type TokenServer } from '../helpers/registry.js';

let work: string;
let layout: string;
let manifestBytes: Buffer;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custody-auth-'));
  const image = await buildSinglePlatformLayout(join(work, 'image'));
  layout = `oci:${image.dir}:v1`;
  manifestBytes = await readFile(join(image.dir, 'blobs/sha256', image.manifest.digest.slice(7)));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function dockerConfig(name: string, config: unknown): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

const basic = (user: string, password: string): string =>
  Buffer.from(`${user}:${password}`).toString('base64');

describe('htpasswd (basic auth)', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ mode: 'htpasswd', users: { alice: 'wonderland' } });
  });
  afterAll(async () => registry?.stop());

  test('no credentials: exit 2, says so', async () => {
    const empty = await dockerConfig('empty-config', {});
    const result = await runCustody(['image', 'copy', layout, `docker://${registry.host}/basic/none:v1`], {
      env: { DOCKER_CONFIG: empty },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`docker://${registry.host}/basic/none:v1`);
    expect(result.stderr).toContain('needs credentials');
  });

  test('a wrong password: 401 after authentication, exit 2', async () => {
    const result = await runCustody(
      [
        'image',
        'copy',
        '--username',
        'alice',
        '--password-stdin',
        layout,
        `docker://${registry.host}/basic/wrong:v1`,
      ],
      { input: 'not-the-password\n', env: { DOCKER_CONFIG: join(work, 'none') } },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('refused after authentication: HTTP 401');
  });

  test('credentials from a Docker config `auths` entry', async () => {
    const config = await dockerConfig('auths-config', {
      auths: { [registry.host]: { auth: basic('alice', 'wonderland') } },
    });
    const result = await runCustody(['image', 'copy', layout, `docker://${registry.host}/basic/auths:v1`], {
      env: { DOCKER_CONFIG: config },
    });
    expect(result.status).toBe(0);
    const { run } = await import('../helpers/oracles.js');
    const raw = await run('skopeo', [
      'inspect',
      '--raw',
      '--tls-verify=false',
      '--creds',
      'alice:wonderland',
      `docker://${registry.host}/basic/auths:v1`,
    ]);
    expect(raw.equals(manifestBytes)).toBe(true);
  });

  test('credentials from a credential helper (credHelpers)', async () => {
    const bin = join(work, 'bin');
    await mkdir(bin, { recursive: true });
    const calls = join(work, 'helper-calls');
    // The docker-credential-helpers protocol: `get` with the server URL on stdin, JSON on stdout.
    await writeFile(
      join(bin, 'docker-credential-custodytest'),
      `#!/bin/sh\nread server\necho "$1 $server" >> ${calls}\n[ "$1" = get ] || exit 1\nprintf '{"ServerURL":"%s","Username":"alice","Secret":"wonderland"}' "$server"\n`,
    );
    await chmod(join(bin, 'docker-credential-custodytest'), 0o755);
    const config = await dockerConfig('helper-config', { credHelpers: { [registry.host]: 'custodytest' } });
    const result = await runCustody(['image', 'copy', layout, `docker://${registry.host}/basic/helper:v1`], {
      env: { DOCKER_CONFIG: config, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(result.status).toBe(0);
    expect((await readFile(calls, 'utf8')).trim()).toBe(`get ${registry.host}`);
  });

  test('custody login checks the password, then writes the Docker config atomically', async () => {
    const dir = join(work, 'login-config');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ auths: { 'other.example': { auth: 'eDp5' } }, psFormat: 'x' }),
    );
    const bad = await runCustody(['login', registry.host, '--username', 'alice', '--password-stdin'], {
      input: 'wrong\n',
      env: { DOCKER_CONFIG: dir },
    });
    expect(bad.status).toBe(2);
    expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')).auths[registry.host]).toBeUndefined();
    const good = await runCustody(['login', registry.host, '--username', 'alice', '--password-stdin'], {
      input: 'wonderland\n',
      env: { DOCKER_CONFIG: dir },
    });
    expect(good.status).toBe(0);
    const written = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(written.auths[registry.host]).toEqual({ auth: basic('alice', 'wonderland') });
    expect(written.auths['other.example']).toEqual({ auth: 'eDp5' });
    expect(written.psFormat).toBe('x');
    expect((await stat(join(dir, 'config.json'))).mode & 0o777).toBe(0o600);
    // The registry refuses anonymous reads, and skopeo reads with what login wrote.
    const raw = await skopeoRaw(`docker://${registry.host}/basic/auths:v1`).catch(() => undefined);
    expect(raw).toBeUndefined();
    const { run } = await import('../helpers/oracles.js');
    const viaConfig = await run('skopeo', [
      'inspect',
      '--raw',
      '--tls-verify=false',
      '--authfile',
      join(dir, 'config.json'),
      `docker://${registry.host}/basic/auths:v1`,
    ]);
    expect(viaConfig.equals(manifestBytes)).toBe(true);
  });
});

describe('token auth (bearer JWTs)', () => {
  let registry: TestRegistry;
  let tokens: TokenServer;
  beforeAll(async () => {
    tokens = await startTokenServer({
      users: { alice: 'wonderland', bob: 'builder' },
      grant: (user, _repository, wanted) =>
        user === 'alice' ? wanted : user === 'bob' ? wanted.filter((a) => a === 'pull') : [],
    });
    registry = await startRegistry({ mode: 'token', server: tokens });
  });
  afterAll(async () => {
    await registry?.stop();
    await tokens?.stop();
  });

  test('push and pull with a token per scope, reused across requests', async () => {
    const config = await dockerConfig('token-config', {
      auths: { [registry.host]: { auth: basic('alice', 'wonderland') } },
    });
    const before = tokens.requests.length;
    const requestsBefore = registry.requests().length;
    const pushed = await runCustody(['image', 'copy', layout, `docker://${registry.host}/token/app:v1`], {
      env: { DOCKER_CONFIG: config },
    });
    expect(pushed.status).toBe(0);
    const tokenRequests = tokens.requests.slice(before);
    const registryRequests = registry.requests().length - requestsBefore;
    expect(registryRequests).toBeGreaterThan(10);
    // One token per distinct scope set (push, and pull for the manifest HEAD), not one per request.
    expect(tokenRequests.length).toBeLessThanOrEqual(2);
    expect(tokenRequests.every((r) => r.user === 'alice')).toBe(true);
    expect(tokenRequests.map((r) => r.scope.join(' '))).toContain('repository:token/app:pull,push');
    const out = join(work, 'token-out');
    const pulled = await runCustody(
      ['image', 'copy', `docker://${registry.host}/token/app:v1`, `oci:${out}:v1`],
      {
        env: { DOCKER_CONFIG: config },
      },
    );
    expect(pulled.status).toBe(0);
    expect(
      await readFile(
        join(
          out,
          'blobs/sha256',
          (JSON.parse(await readFile(join(out, 'index.json'), 'utf8')).manifests[0].digest as string).slice(
            7,
          ),
        ),
      ),
    ).toEqual(manifestBytes);
  });

  test('a token without push: 401 after authentication, exit 2', async () => {
    const result = await runCustody(
      [
        'image',
        'copy',
        '--username',
        'bob',
        '--password-stdin',
        layout,
        `docker://${registry.host}/token/bob:v1`,
      ],
      { input: 'builder\n', env: { DOCKER_CONFIG: join(work, 'none') } },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('refused after authentication: HTTP 401');
    expect(result.stderr).toContain(`docker://${registry.host}/token/bob:v1`);
  });

  test('a wrong password at the token server: exit 2', async () => {
    const result = await runCustody(['login', registry.host, '--username', 'alice', '--password-stdin'], {
      input: 'nope\n',
      env: { DOCKER_CONFIG: join(work, 'token-login') },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('token request refused: HTTP 401');
  });

  test('tags with a pull-only token', async () => {
    const result = await runCustody(
      ['image', 'tags', '--username', 'bob', '--password-stdin', `${registry.host}/token/app`],
      {
        input: 'builder\n',
        env: { DOCKER_CONFIG: join(work, 'none') },
      },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('v1\n');
  });
});
