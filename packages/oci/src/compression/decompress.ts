import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isCustodyError } from '@custody/core';
import { Decompress } from 'fzstd';
import { OciError } from '../errors.js';
import type { Compression } from '../media-types.js';

/**
 * A zstd decoder as a Node transform. Node 20's zlib has no zstd (it arrived in 22.15), so
 * fzstd's streaming decoder (pure JS, no native build) does the work; only reading needs it,
 * since copies pass compressed bytes through untouched.
 */
class ZstdDecompressStream extends Transform {
  readonly #decoder: Decompress;

  constructor() {
    super();
    this.#decoder = new Decompress((chunk) => {
      // fzstd reuses no buffers it hands out, so pushing them as they are is safe.
      this.push(chunk);
    });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      callback();
    } catch (cause) {
      callback(decompressionFailed('zstd', cause));
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.#decoder.push(new Uint8Array(0), true);
      callback();
    } catch (cause) {
      callback(decompressionFailed('zstd', cause));
    }
  }
}

function decompressionFailed(compression: Compression, cause: unknown): OciError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new OciError('DECOMPRESSION_FAILED', `cannot decompress ${compression} layer: ${reason}`, { cause });
}

/** A transform that decompresses `compression` (a pass-through for uncompressed layers). */
export function decompressor(compression: Compression): Transform {
  if (compression === 'gzip') {
    const gunzip = createGunzip();
    return gunzip as unknown as Transform;
  }
  if (compression === 'zstd') return new ZstdDecompressStream();
  return new PassThrough();
}

/** The compression of a blob from its first bytes (gzip and zstd magic numbers). */
export function sniffCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) {
    return 'zstd';
  }
  return 'none';
}

/**
 * The last stage after a decompressor: passes bytes on and turns a decoder's error (zlib's
 * "invalid literal/lengths set") into one line naming the layer. A corrupt blob usually breaks
 * the decoder before its digest can be checked at the end.
 */
export class DecompressionErrors extends PassThrough {
  constructor(
    readonly layer: string,
    readonly compression: Compression,
  ) {
    super();
  }

  override destroy(error?: Error | null): this {
    if (error === undefined || error === null || isCustodyError(error))
      return super.destroy(error ?? undefined);
    return super.destroy(
      new OciError(
        'DECOMPRESSION_FAILED',
        `${this.layer}: cannot decompress ${this.compression} data: ${error.message} (the blob is corrupt)`,
        {
          input: this.layer,
          cause: error,
        },
      ),
    );
  }
}
