import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CoreError } from '../errors/index.js';

/** A temporary path beside `target`, so that the final rename stays on one file system. */
export function temporaryPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function writeFailed(target: string, cause: unknown): CoreError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new CoreError('WRITE_FAILED', 'input', `cannot write ${target}: ${reason}`, {
    input: target,
    cause,
  });
}

/**
 * Writes a whole file atomically: to a temporary file beside it, then a rename. Readers see the
 * old file or the new one, never half of one; on failure nothing is left behind.
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: { mode?: number } = {},
): Promise<void> {
  const temporary = temporaryPathFor(target);
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(temporary, data, { mode: options.mode ?? 0o644 });
    await rename(temporary, target);
  } catch (cause) {
    await rm(temporary, { force: true });
    throw writeFailed(target, cause);
  }
}

/**
 * Streams `source` into `target` atomically, through `through` transforms (a VerifyingStream,
 * a decompressor). The rename happens only after the whole pipeline has finished without error.
 */
export async function writeStreamAtomic(
  target: string,
  source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream,
  options: { mode?: number; through?: NodeJS.ReadWriteStream[] } = {},
): Promise<void> {
  const temporary = temporaryPathFor(target);
  try {
    await mkdir(dirname(target), { recursive: true });
    const stages: (NodeJS.ReadableStream | NodeJS.ReadWriteStream | NodeJS.WritableStream)[] = [
      source as NodeJS.ReadableStream,
      ...(options.through ?? []),
      createWriteStream(temporary, { mode: options.mode ?? 0o644 }),
    ];
    await (pipeline as (...streams: unknown[]) => Promise<void>)(...stages);
    await rename(temporary, target);
  } catch (cause) {
    await rm(temporary, { force: true });
    if (cause instanceof CoreError) throw cause;
    if (cause instanceof Error && 'kind' in cause) throw cause;
    throw writeFailed(target, cause);
  }
}

/** A file being written atomically: write to `stream`, then `commit()` or `abort()`. */
export interface AtomicFile {
  readonly path: string;
  readonly stream: WriteStream;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Opens a file for atomic streaming writes when the data is produced piece by piece. */
export async function openAtomic(target: string, options: { mode?: number } = {}): Promise<AtomicFile> {
  await mkdir(dirname(target), { recursive: true });
  const temporary = temporaryPathFor(target);
  const stream = createWriteStream(temporary, { mode: options.mode ?? 0o644 });
  let done = false;
  const closed = (): Promise<void> =>
    new Promise((resolve, reject) => {
      if (stream.closed) resolve();
      else {
        stream.once('close', resolve);
        stream.once('error', reject);
        stream.end();
      }
    });
  return {
    path: target,
    stream,
    async commit() {
      if (done) return;
      done = true;
      try {
        await closed();
        await rename(temporary, target);
      } catch (cause) {
        await rm(temporary, { force: true });
        throw writeFailed(target, cause);
      }
    },
    async abort() {
      if (done) return;
      done = true;
      stream.destroy();
      await rm(temporary, { force: true });
    },
  };
}

/** A writable that discards everything: for hashing-only pipelines. */
export function nullSink(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}
