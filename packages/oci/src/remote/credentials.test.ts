import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { OciError } from '../errors.js';
import { lookupCredentials } from './credentials.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custody-credentials-'));
  // Key forms docker login writes: a bare host, a URL (older clients), Docker Hub's v1 index URL.
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({
      auths: {
        'registry.example:5000': { auth: Buffer.from('alice:pa:ss').toString('base64') },
        'https://legacy.example/v1/': { auth: Buffer.from('bob:secret').toString('base64') },
        'https://index.docker.io/v1/': { auth: Buffer.from('hub:token').toString('base64') },
        'broken.example': { auth: Buffer.from('no-colon').toString('base64') },
      },
    }),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test.each([
  ['registry.example:5000', { username: 'alice', password: 'pa:ss' }],
  ['legacy.example', { username: 'bob', password: 'secret' }],
  ['docker.io', { username: 'hub', password: 'token' }],
  ['unknown.example', undefined],
])('%s', async (registry, expected) => {
  expect(await lookupCredentials(registry, { DOCKER_CONFIG: dir })).toEqual(expected);
});

test('an auth entry that is not user:password is an input error', async () => {
  const error = await lookupCredentials('broken.example', { DOCKER_CONFIG: dir }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OciError);
  expect((error as OciError).code).toBe('CREDENTIALS_ERROR');
});

test('no config file: no credentials', async () => {
  expect(
    await lookupCredentials('registry.example:5000', { DOCKER_CONFIG: join(dir, 'absent') }),
  ).toBeUndefined();
});
