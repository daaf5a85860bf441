import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { CoreError } from '../errors/index.js';

/** Hash algorithms custody computes or reads. Names follow OCI digests (`sha256:…`). */
export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512' | 'sha1' | 'md5';

/** A content digest in OCI form, `algorithm:lowercase-hex`. */
export type Digest = `${DigestAlgorithm}:${string}`;

/** Hex length of each algorithm's output. */
export const DIGEST_HEX_LENGTH: Record<DigestAlgorithm, number> = {
  sha256: 64,
  sha384: 96,
  sha512: 128,
  sha1: 40,
  md5: 32,
};

/** A digest split into its parts. */
export interface ParsedDigest {
  algorithm: DigestAlgorithm;
  hex: string;
}

function isAlgorithm(value: string): value is DigestAlgorithm {
  return Object.hasOwn(DIGEST_HEX_LENGTH, value);
}

/**
 * Parses `algorithm:hex`, refusing unknown algorithms, wrong lengths and upper case (OCI image
 * spec, descriptor.md: the encoded portion of sha256/sha512 MUST match `[a-f0-9]{64|128}`).
 */
export function parseDigest(value: string, input?: string): ParsedDigest {
  const colon = value.indexOf(':');
  const algorithm = colon > 0 ? value.slice(0, colon) : '';
  const hex = colon > 0 ? value.slice(colon + 1) : '';
  if (!isAlgorithm(algorithm)) {
    throw new CoreError('INVALID_DIGEST', 'input', `invalid digest "${value}": unknown algorithm`, {
      ...(input !== undefined ? { input } : {}),
      expected: Object.keys(DIGEST_HEX_LENGTH).join(', '),
      found: algorithm || '(none)',
    });
  }
  if (hex.length !== DIGEST_HEX_LENGTH[algorithm] || !/^[0-9a-f]+$/.test(hex)) {
    throw new CoreError(
      'INVALID_DIGEST',
      'input',
      `invalid digest "${value}": expected ${DIGEST_HEX_LENGTH[algorithm]} lowercase hex characters`,
      input !== undefined ? { input } : {},
    );
  }
  return { algorithm, hex };
}

/** True when `value` is a well-formed digest. */
export function isDigest(value: string): value is Digest {
  try {
    parseDigest(value);
    return true;
  } catch {
    return false;
  }
}

/** The digest of bytes or a UTF-8 string held in memory. */
export function digestOf(data: Uint8Array | string, algorithm: DigestAlgorithm = 'sha256'): Digest {
  return `${algorithm}:${createHash(algorithm).update(data).digest('hex')}`;
}

/** Several digests of the same bytes, computed in one pass. */
export class MultiHasher {
  readonly #hashes: Map<DigestAlgorithm, Hash>;
  #size = 0;

  constructor(algorithms: readonly DigestAlgorithm[] = ['sha256']) {
    this.#hashes = new Map(algorithms.map((a) => [a, createHash(a)]));
  }

  update(chunk: Uint8Array): this {
    this.#size += chunk.byteLength;
    for (const hash of this.#hashes.values()) hash.update(chunk);
    return this;
  }

  get size(): number {
    return this.#size;
  }

  /** Finishes every hash; call once. */
  digests(): Map<DigestAlgorithm, Digest> {
    const out = new Map<DigestAlgorithm, Digest>();
    for (const [algorithm, hash] of this.#hashes) out.set(algorithm, `${algorithm}:${hash.digest('hex')}`);
    return out;
  }
}

/** Hashes a stream to its end: digests and byte count. Memory stays flat. */
export async function hashStream(
  source: AsyncIterable<Uint8Array>,
  algorithms: readonly DigestAlgorithm[] = ['sha256'],
): Promise<{ digests: Map<DigestAlgorithm, Digest>; size: number }> {
  const hasher = new MultiHasher(algorithms);
  for await (const chunk of source) hasher.update(chunk);
  return { digests: hasher.digests(), size: hasher.size };
}

/** What a verifying stream expects to see. */
export interface ExpectedContent {
  digest: Digest;
  /** Expected size in bytes; checked while streaming when given. */
  size?: number;
  /** Named in errors: a blob descriptor, a file, a URL. */
  input?: string;
}

/**
 * A pass-through stream that hashes what flows and fails (before its end is signalled) when the
 * digest or size differ from what was expected. Consumers that write to a temporary file and
 * rename on `finish` therefore never publish bad bytes.
 */
export class VerifyingStream extends Transform {
  readonly #expected: ExpectedContent;
  readonly #algorithm: DigestAlgorithm;
  readonly #hash: Hash;
  #size = 0;

  constructor(expected: ExpectedContent) {
    super();
    this.#expected = expected;
    this.#algorithm = parseDigest(expected.digest, expected.input).algorithm;
    this.#hash = createHash(this.#algorithm);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#size += chunk.byteLength;
    const limit = this.#expected.size;
    if (limit !== undefined && this.#size > limit) {
      callback(this.#sizeError());
      return;
    }
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const limit = this.#expected.size;
    if (limit !== undefined && this.#size !== limit) {
      callback(this.#sizeError());
      return;
    }
    const found: Digest = `${this.#algorithm}:${this.#hash.digest('hex')}`;
    if (found !== this.#expected.digest) {
      callback(
        new CoreError(
          'DIGEST_MISMATCH',
          'input',
          `digest mismatch${this.#named()}: expected ${this.#expected.digest}, found ${found}`,
          { ...this.#inputDetail(), expected: this.#expected.digest, found },
        ),
      );
      return;
    }
    callback();
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.#size;
  }

  #named(): string {
    return this.#expected.input !== undefined ? ` in ${this.#expected.input}` : '';
  }

  #inputDetail(): { input?: string } {
    return this.#expected.input !== undefined ? { input: this.#expected.input } : {};
  }

  #sizeError(): CoreError {
    const expected = String(this.#expected.size);
    const found = this.#size > (this.#expected.size ?? 0) ? `more than ${expected}` : String(this.#size);
    return new CoreError(
      'SIZE_MISMATCH',
      'input',
      `size mismatch${this.#named()}: expected ${expected} bytes, found ${found}`,
      { ...this.#inputDetail(), expected, found },
    );
  }
}

/**
 * Reads a Subresource Integrity string as npm and yarn write it (`sha512-<base64> sha1-<base64>`)
 * into hex digests. Unknown algorithms are skipped: npm itself ignores them.
 */
export function digestsFromIntegrity(integrity: string): ParsedDigest[] {
  const out: ParsedDigest[] = [];
  for (const token of integrity.trim().split(/\s+/)) {
    const dash = token.indexOf('-');
    if (dash <= 0) continue;
    const algorithm = token.slice(0, dash);
    if (!isAlgorithm(algorithm)) continue;
    const base64 = token.slice(dash + 1).split('?')[0] ?? '';
    const hex = Buffer.from(base64, 'base64').toString('hex');
    if (hex.length === DIGEST_HEX_LENGTH[algorithm]) out.push({ algorithm, hex });
  }
  return out;
}
