import { OciError } from '../errors.js';
import { parseReference } from '../reference/reference.js';
import { RegistryClient } from './client.js';
import { storeCredentials } from './credentials.js';
import type { RemoteOptions } from './options.js';

/**
 * `custody login`: proves the credentials against the registry (`GET /v2/`, through its basic or
 * token challenge) and only then stores them in the Docker config's `auths`, atomically.
 * Returns the config file written.
 */
export async function login(registry: string, options: RemoteOptions): Promise<string> {
  const host = parseReference(`${registry}/probe`).registry;
  if (options.credentials === undefined) {
    throw new OciError('CREDENTIALS_ERROR', `login ${registry}: no credentials given`, {
      input: registry,
      hint: 'pass --username USER --password-stdin',
    });
  }
  const client = new RegistryClient(host, registry, options);
  await client.ping();
  return storeCredentials(host, options.credentials, options.env);
}
