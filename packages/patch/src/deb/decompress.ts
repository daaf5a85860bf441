import { Readable, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import xzDecompress from 'xz-decompress';

// xz-decompress is CommonJS whose named exports Node's ESM loader cannot see (cjs-module-lexer).
const { XzReadableStream } = xzDecompress;

/** Compressions apt indexes and .deb members use. */
export type Compression = 'gzip' | 'xz' | 'zstd' | 'none';

/** The compression a file name's suffix says (`Packages.xz`, `data.tar.zst`). */
export function compressionOf(name: string): Compression | undefined {
  if (name.endsWith('.gz')) return 'gzip';
  if (name.endsWith('.xz')) return 'xz';
  if (name.endsWith('.zst')) return 'zstd';
  if (/\.(?:bz2|lzma|lz4)$/.test(name)) return undefined;
  return 'none';
}

/** fzstd's streaming decoder as a Node transform (pure JS; pnpm runs no native builds). */
class ZstdTransform extends Transform {
  readonly #decoder = new ZstdDecompress((chunk) => {
    this.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.#decoder.push(new Uint8Array(0), true);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }
}

/**
 * The decompressed bytes of `source`, streamed: memory stays flat whatever the size. xz goes
 * through xz-decompress (xz-embedded compiled to WASM), zstd through fzstd, gzip through zlib.
 */
export function decompress(source: Readable, compression: Compression): Readable {
  switch (compression) {
    case 'none':
      return source;
    case 'gzip':
    case 'zstd': {
      const out = compression === 'gzip' ? createGunzip() : new ZstdTransform();
      source.on('error', (error) => out.destroy(error));
      return source.pipe(out);
    }
    case 'xz': {
      const web = Readable.toWeb(source) as unknown as ReadableStream<Uint8Array>;
      return Readable.fromWeb(
        new XzReadableStream(web) as unknown as import('node:stream/web').ReadableStream,
      );
    }
  }
}

/** Decompresses bytes held in memory (small indexes, control members). */
export async function decompressBytes(bytes: Uint8Array, compression: Compression): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of decompress(Readable.from([Buffer.from(bytes)]), compression))
    chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
