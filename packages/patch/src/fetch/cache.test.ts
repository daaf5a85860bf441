import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RepositoryCache } from './cache.js';

let dir: string;
const bytes = Buffer.from('a .deb, or any blob\n');
const sha256 = createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custody-cache-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('RepositoryCache', () => {
  it('stores a blob under its digest and reads it back verified', async () => {
    const cache = new RepositoryCache(join(dir, 'a'));
    await cache.store(Readable.from([bytes]), sha256, bytes.length, 'blob');
    expect(await cache.holds(sha256, bytes.length)).toBe(true);
    const chunks: Buffer[] = [];
    for await (const chunk of cache.open(sha256, bytes.length)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('stores nothing, not even a temporary file, when the bytes do not match', async () => {
    const cache = new RepositoryCache(join(dir, 'b'));
    const other = Buffer.from('other bytes of the same length\n').subarray(0, bytes.length);
    await expect(cache.store(Readable.from([other]), sha256, bytes.length, 'blob')).rejects.toMatchObject({
      code: 'DIGEST_MISMATCH',
    });
    expect(await cache.has(sha256, bytes.length)).toBe(false);
    expect(await readdir(join(dir, 'b', 'blobs', 'sha256')).catch(() => [])).toEqual([]);
  });

  it('drops a damaged blob so that it is fetched again', async () => {
    const cache = new RepositoryCache(join(dir, 'c'));
    await cache.store(Readable.from([bytes]), sha256, bytes.length, 'blob');
    const damaged = Buffer.from(bytes);
    damaged[0] = damaged[0]! ^ 1;
    await writeFile(cache.blobPath(sha256), damaged);
    expect(await cache.holds(sha256, bytes.length)).toBe(false);
    expect(await cache.has(sha256, bytes.length)).toBe(false);
  });

  it('keeps the newest Release Date per repository and never moves it back', async () => {
    const cache = new RepositoryCache(join(dir, 'd'));
    expect(await cache.lastReleaseDate('http://r stable')).toBeUndefined();
    await cache.recordReleaseDate('http://r stable', new Date('2026-11-25T10:00:00Z'));
    await cache.recordReleaseDate('http://r stable', new Date('2026-11-25T09:00:00Z'));
    expect((await cache.lastReleaseDate('http://r stable'))?.toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(await cache.lastReleaseDate('http://r testing')).toBeUndefined();
  });
});
