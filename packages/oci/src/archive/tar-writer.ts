import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type AtomicFile, openAtomic } from '@custody/core';
import tar from 'tar-stream';

/**
 * A tar file written entry by entry into a temporary file and renamed into place by `commit`:
 * a reader never sees half an archive. Entries are serialized (a tar is one stream).
 */
export class TarWriter {
  readonly #file: AtomicFile;
  readonly #pack: tar.Pack;
  readonly #done: Promise<void>;
  #queue: Promise<void> = Promise.resolve();
  readonly #directories = new Set<string>();

  private constructor(file: AtomicFile) {
    this.#file = file;
    this.#pack = tar.pack();
    this.#done = pipeline(this.#pack, file.stream);
    this.#done.catch(() => {});
  }

  static async create(path: string): Promise<TarWriter> {
    return new TarWriter(await openAtomic(path));
  }

  #serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  #parents(name: string): void {
    const parts = name.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (this.#directories.has(dir)) continue;
      this.#directories.add(dir);
      this.#pack.entry({ name: `${dir}/`, type: 'directory', mode: 0o755, mtime: new Date(0) });
    }
  }

  /** Adds a file from memory. */
  addBytes(name: string, data: Uint8Array): Promise<void> {
    return this.#serialized(
      () =>
        new Promise<void>((resolve, reject) => {
          this.#parents(name);
          this.#pack.entry(
            { name, size: data.byteLength, mode: 0o644, mtime: new Date(0) },
            Buffer.from(data),
            (e) => (e ? reject(e) : resolve()),
          );
        }),
    );
  }

  /** Adds a file of known size from a stream; the stream's error fails the entry (and the archive). */
  addStream(name: string, size: number, open: () => Promise<Readable>): Promise<void> {
    return this.#serialized(async () => {
      this.#parents(name);
      const source = await open();
      const entry = this.#pack.entry({ name, size, mode: 0o644, mtime: new Date(0) });
      await pipeline(source, entry);
    });
  }

  /** Finishes the tar and renames it into place. */
  async commit(): Promise<void> {
    await this.#queue;
    this.#pack.finalize();
    await this.#done;
    await this.#file.commit();
  }

  /** Drops the temporary file. */
  async abort(): Promise<void> {
    this.#pack.destroy();
    await this.#file.abort();
  }
}
