import { Readable } from 'node:stream';
import { PatchError } from '../errors.js';

const GLOBAL_HEADER = '!<arch>\n';
const HEADER_SIZE = 60;

/** One member of an ar(5) archive; `body` must be read to its end before asking for the next. */
export interface ArMember {
  name: string;
  size: number;
  body: Readable;
}

/** Pulls exact byte counts from a stream of chunks without holding more than one chunk. */
class ByteReader {
  readonly #iterator: AsyncIterator<Uint8Array>;
  #pending: Buffer = Buffer.alloc(0);
  #done = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#iterator = source[Symbol.asyncIterator]();
  }

  async #fill(): Promise<boolean> {
    if (this.#done) return false;
    const next = await this.#iterator.next();
    if (next.done === true) {
      this.#done = true;
      return false;
    }
    this.#pending =
      this.#pending.length === 0 ? Buffer.from(next.value) : Buffer.concat([this.#pending, next.value]);
    return true;
  }

  /** Exactly `n` bytes, or fewer only at the end of the stream. */
  async read(n: number): Promise<Buffer> {
    while (this.#pending.length < n && (await this.#fill())) {}
    const out = this.#pending.subarray(0, n);
    this.#pending = this.#pending.subarray(out.length);
    return out;
  }

  /** The next `n` bytes as chunks, as they arrive. */
  async *chunks(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.#pending.length === 0 && !(await this.#fill())) return;
      const take = this.#pending.subarray(0, left);
      this.#pending = this.#pending.subarray(take.length);
      left -= take.length;
      yield take;
    }
  }

  async atEnd(): Promise<boolean> {
    return this.#pending.length === 0 && !(await this.#fill());
  }
}

/** DEB_INVALID naming the file and what is wrong with it. */
export function debInvalid(input: string, message: string, cause?: unknown): PatchError {
  return new PatchError('DEB_INVALID', 'input', `${input}: not a valid .deb: ${message}`, {
    input,
    hint: 'a .deb is an ar archive of debian-binary, control.tar.* and data.tar.* (deb(5))',
    ...(cause !== undefined ? { cause } : {}),
  });
}

/**
 * The members of an ar archive as they stream by (deb(5) uses the common ar format: a 60-byte
 * header per member, data padded to an even offset). Memory holds at most one chunk.
 */
export async function* readArMembers(
  source: AsyncIterable<Uint8Array>,
  input: string,
): AsyncGenerator<ArMember> {
  const reader = new ByteReader(source);
  const magic = await reader.read(GLOBAL_HEADER.length);
  if (magic.toString('latin1') !== GLOBAL_HEADER) throw debInvalid(input, 'no ar magic "!<arch>"');
  while (!(await reader.atEnd())) {
    const header = await reader.read(HEADER_SIZE);
    if (header.length < HEADER_SIZE || header.toString('latin1', 58, 60) !== '`\n') {
      throw debInvalid(input, 'truncated or malformed ar member header');
    }
    // GNU ar ends names with "/"; dpkg-deb pads with spaces.
    const name = header.toString('latin1', 0, 16).trimEnd().replace(/\/$/, '');
    const sizeText = header.toString('latin1', 48, 58).trim();
    if (!/^[0-9]+$/.test(sizeText)) throw debInvalid(input, `member ${name} has size "${sizeText}"`);
    const size = Number(sizeText);
    let consumed = 0;
    const chunks = reader.chunks(size);
    const body = Readable.from(
      // Manual next() calls: a consumer that stops early must not close `chunks`, which the
      // drain below still needs to skip the rest of the member.
      (async function* () {
        for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) {
          consumed += next.value.length;
          yield next.value;
        }
        if (consumed < size) throw debInvalid(input, `member ${name} is truncated`);
      })(),
      { objectMode: false },
    );
    yield { name, size, body };
    // Drain whatever the consumer left unread, then the padding byte.
    for (let next = await chunks.next(); next.done !== true; next = await chunks.next())
      consumed += next.value.length;
    if (consumed < size) throw debInvalid(input, `member ${name} is truncated`);
    if (size % 2 === 1) await reader.read(1);
  }
}
