import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { PatchError } from '../errors.js';

/** The transport the repository layer reads through; tests and other adapters may supply their own. */
export interface RepositoryTransport {
  /** The body of `url`, or undefined when the server says it does not exist (404/410, no file). */
  get(url: string): Promise<Readable | undefined>;
}

function unreachable(url: string, reason: string, cause?: unknown): PatchError {
  return new PatchError('REPOSITORY_UNREACHABLE', 'network', `cannot fetch ${url}: ${reason}`, {
    input: url,
    hint: 'check the network, the proxy or the repository URL (--repo)',
    ...(cause !== undefined ? { cause } : {}),
  });
}

/** Reads an entire body into memory (Release files and indexes are small enough). */
export async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * http(s) through Node's fetch, and `file:` URLs from disk (apt's file method; local mirrors).
 * Connection failures and server errors are kind 'network' (exit 3).
 */
export class HttpTransport implements RepositoryTransport {
  async get(url: string): Promise<Readable | undefined> {
    if (url.startsWith('file:')) return this.file(url);
    let response: Response;
    try {
      response = await fetch(url, {
        redirect: 'follow',
        headers: { 'user-agent': 'custody (apt-compatible)' },
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw unreachable(url, cause?.code ?? cause?.message ?? (error as Error).message, error);
    }
    if (response.status === 404 || response.status === 410) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      throw unreachable(url, `HTTP ${response.status} ${response.statusText}`);
    }
    return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  }

  private async file(url: string): Promise<Readable | undefined> {
    const path = fileURLToPath(url.replace(/^file:(?!\/\/)/, 'file://'));
    const info = await stat(path).catch(() => undefined);
    if (info === undefined || !info.isFile()) return undefined;
    return createReadStream(path);
  }
}

/** Gets `url` or fails when it is missing (an index or a .deb the signed metadata promises). */
export async function getRequired(transport: RepositoryTransport, url: string): Promise<Readable> {
  const body = await transport.get(url);
  if (body === undefined) throw unreachable(url, 'not found (404)');
  return body;
}
