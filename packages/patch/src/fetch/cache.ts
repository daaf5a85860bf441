import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { hashStream, VerifyingStream, writeFileAtomic, writeStreamAtomic } from '@custody/core';

/**
 * The download cache, safe to share between runs and processes: files are named by their SHA256
 * (`blobs/sha256/HEX`) and written atomically after their digest was checked, so a reader sees a
 * whole verified file or none, and two writers of one name write the same bytes. The only mutable
 * records are the last `Date` seen per repository (`releases/KEY.json`), for replay refusal.
 */
export class RepositoryCache {
  constructor(readonly dir: string) {}

  /** The path a blob with this SHA256 (hex) has in the cache. */
  blobPath(sha256: string): string {
    return join(this.dir, 'blobs', 'sha256', sha256);
  }

  /** True when a blob of this digest and size is present. */
  async has(sha256: string, size: number): Promise<boolean> {
    const info = await stat(this.blobPath(sha256)).catch(() => undefined);
    return info?.isFile() === true && info.size === size;
  }

  /**
   * True when a blob is present and its bytes still hash to its name. A damaged entry (a disk
   * error, a hand edit) is removed, so the caller fetches it again instead of failing forever.
   */
  async holds(sha256: string, size: number): Promise<boolean> {
    if (!(await this.has(sha256, size))) return false;
    const { digests } = await hashStream(createReadStream(this.blobPath(sha256)));
    if (digests.get('sha256') === `sha256:${sha256}`) return true;
    await rm(this.blobPath(sha256), { force: true });
    return false;
  }

  /** Opens a cached blob, re-checking its digest while it streams (a disk is not a signature). */
  open(sha256: string, size: number): Readable {
    return createReadStream(this.blobPath(sha256)).pipe(
      new VerifyingStream({ digest: `sha256:${sha256}`, size, input: this.blobPath(sha256) }),
    );
  }

  /** Stores a stream under its expected digest; nothing is stored when it does not match. */
  async store(source: Readable, sha256: string, size: number, input: string): Promise<string> {
    const path = this.blobPath(sha256);
    await writeStreamAtomic(path, source, {
      through: [new VerifyingStream({ digest: `sha256:${sha256}`, size, input })],
    });
    return path;
  }

  /** Stores bytes already verified by the caller. */
  async storeBytes(bytes: Uint8Array, sha256: string): Promise<void> {
    await writeFileAtomic(this.blobPath(sha256), bytes);
  }

  private releasePath(repository: string): string {
    return join(this.dir, 'releases', `${createHash('sha256').update(repository).digest('hex')}.json`);
  }

  /** The newest Release `Date` seen for a repository, if any. */
  async lastReleaseDate(repository: string): Promise<Date | undefined> {
    const text = await readFile(this.releasePath(repository), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const record = JSON.parse(text) as { date?: string };
      return record.date !== undefined ? new Date(record.date) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Records a verified Release's `Date` when it is newer than the one recorded. */
  async recordReleaseDate(repository: string, date: Date): Promise<void> {
    const last = await this.lastReleaseDate(repository);
    if (last !== undefined && last.getTime() >= date.getTime()) return;
    await writeFileAtomic(
      this.releasePath(repository),
      `${JSON.stringify({ repository, date: date.toISOString() })}\n`,
    );
  }
}
