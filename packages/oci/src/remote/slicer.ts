import type { Readable } from 'node:stream';

/**
 * Cuts one stream into consecutive pieces of given lengths without buffering more than one
 * chunk: the PATCH bodies of a chunked upload.
 */
export class Slicer {
  readonly #iterator: AsyncIterator<Buffer>;
  #leftover: Buffer | undefined;

  constructor(source: Readable) {
    this.#iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  /** The next `length` bytes (fewer only if the source ends). */
  async *take(length: number): AsyncGenerator<Buffer> {
    let remaining = length;
    while (remaining > 0) {
      let chunk = this.#leftover;
      this.#leftover = undefined;
      if (chunk === undefined) {
        const next = await this.#iterator.next();
        if (next.done === true) return;
        chunk = next.value;
      }
      if (chunk.byteLength > remaining) {
        this.#leftover = chunk.subarray(remaining);
        chunk = chunk.subarray(0, remaining);
      }
      remaining -= chunk.byteLength;
      yield chunk;
    }
  }

  /** Reads the source to its end (so that its end-of-stream checks run); returns the extra bytes. */
  async finish(): Promise<number> {
    let extra = this.#leftover?.byteLength ?? 0;
    this.#leftover = undefined;
    for (let next = await this.#iterator.next(); next.done !== true; next = await this.#iterator.next()) {
      extra += next.value.byteLength;
    }
    return extra;
  }
}
