import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '@custody/core';
import { OciError } from '../errors.js';

/** A user name and a password (or token) for one registry. */
export interface Credentials {
  username: string;
  password: string;
}

/** The parts of Docker's config.json custody reads and writes (docker/cli configfile). */
interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
  [key: string]: unknown;
}

/** Docker Hub's key in config.json is its v1 index URL, for historical reasons (docker/cli registry.IndexServer). */
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

/** The directory holding config.json: `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG !== undefined && env.DOCKER_CONFIG !== ''
    ? env.DOCKER_CONFIG
    : join(homedir(), '.docker');
}

/** The config.json key for a registry host. */
export function credentialKey(registry: string): string {
  return registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io'
    ? DOCKER_HUB_KEY
    : registry;
}

async function readDockerConfig(dir: string): Promise<DockerConfig | undefined> {
  const path = join(dir, 'config.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as DockerConfig;
  } catch (cause) {
    throw new OciError('CREDENTIALS_ERROR', `${path}: not valid JSON`, { input: path, cause });
  }
}

/** Strips a scheme and path, as docker/cli's `ConvertToHostname` does, so `https://host/v1/` matches `host`. */
function hostnameOf(key: string): string {
  return key.replace(/^https?:\/\//, '').split('/')[0] ?? key;
}

/** Runs `docker-credential-<helper> get` with the server on stdin (docker-credential-helpers protocol). */
async function fromHelper(helper: string, server: string): Promise<Credentials | undefined> {
  const program = `docker-credential-${helper}`;
  const { status, stdout, stderr } = await new Promise<{ status: number; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(program, ['get'], { stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => err.push(c));
      child.on('error', (cause) =>
        reject(
          new OciError('CREDENTIALS_ERROR', `cannot run credential helper ${program}`, {
            input: program,
            cause,
          }),
        ),
      );
      child.on('close', (code) =>
        resolve({
          status: code ?? -1,
          stdout: Buffer.concat(out).toString(),
          stderr: Buffer.concat(err).toString(),
        }),
      );
      child.stdin.end(server);
    },
  );
  // "credentials not found in native keychain" is the protocol's way of saying: none stored.
  if (status !== 0) {
    if (/not found/i.test(stdout + stderr)) return undefined;
    throw new OciError(
      'CREDENTIALS_ERROR',
      `credential helper ${program} failed: ${(stderr || stdout).trim()}`,
      {
        input: program,
      },
    );
  }
  try {
    const parsed = JSON.parse(stdout) as { Username?: string; Secret?: string };
    if (typeof parsed.Secret !== 'string') return undefined;
    return { username: parsed.Username ?? '', password: parsed.Secret };
  } catch (cause) {
    throw new OciError('CREDENTIALS_ERROR', `credential helper ${program} printed no JSON`, {
      input: program,
      cause,
    });
  }
}

/**
 * Finds credentials for a registry the way docker and skopeo do: a per-registry `credHelpers`
 * entry, else an `auths` entry (base64 `user:password` in `auth`), else the `credsStore` helper.
 */
export async function lookupCredentials(
  registry: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credentials | undefined> {
  const config = await readDockerConfig(dockerConfigDir(env));
  if (config === undefined) return undefined;
  const key = credentialKey(registry);
  const helper = config.credHelpers?.[registry] ?? config.credHelpers?.[key];
  if (helper !== undefined) return fromHelper(helper, key);
  const entry = Object.entries(config.auths ?? {}).find(
    ([k]) => k === key || hostnameOf(k) === hostnameOf(key),
  )?.[1];
  if (entry?.auth !== undefined && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) {
      throw new OciError(
        'CREDENTIALS_ERROR',
        `config.json: the auth entry for ${registry} is not base64 "user:password"`,
        {
          input: join(dockerConfigDir(env), 'config.json'),
        },
      );
    }
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry?.username !== undefined && entry.password !== undefined) {
    return { username: entry.username, password: entry.password };
  }
  if (config.credsStore !== undefined && config.credsStore !== '') return fromHelper(config.credsStore, key);
  return undefined;
}

/**
 * Stores credentials in config.json's `auths` (as `docker login` does without a credential
 * store), keeping every other key; the file is replaced atomically and readable by its owner only.
 */
export async function storeCredentials(
  registry: string,
  credentials: Credentials,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const dir = dockerConfigDir(env);
  const config = (await readDockerConfig(dir)) ?? {};
  const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
  config.auths = { ...(config.auths ?? {}), [credentialKey(registry)]: { auth } };
  const path = join(dir, 'config.json');
  await writeFileAtomic(path, `${JSON.stringify(config, null, '\t')}\n`, { mode: 0o600 });
  return path;
}
