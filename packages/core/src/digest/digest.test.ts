import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { nullSink } from '../fs/index.js';
import { digestOf, digestsFromIntegrity, parseDigest, VerifyingStream } from './digest.js';

const hello = Buffer.from('hello\n');
// `printf 'hello\n' | sha256sum`
const helloSha256 = 'sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03';

describe('digests', () => {
  it('computes the same sha256 as sha256sum', () => {
    expect(digestOf(hello)).toBe(helloSha256);
  });

  it.each([
    ['sha256:ABC', 'lowercase hex'],
    ['sha256:1234', 'lowercase hex'],
    ['crc32:00000000', 'unknown algorithm'],
    ['5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03', 'unknown algorithm'],
  ])('refuses %s (%s)', (value, reason) => {
    expect(() => parseDigest(value)).toThrow(reason);
  });

  it('verifies a stream and fails on a changed byte before the stream ends', async () => {
    await pipeline(Readable.from([hello]), new VerifyingStream({ digest: helloSha256, size: 6 }), nullSink());
    const changed = Buffer.from('hellO\n');
    await expect(
      pipeline(
        Readable.from([changed]),
        new VerifyingStream({ digest: helloSha256, size: 6, input: 'blob' }),
        nullSink(),
      ),
    ).rejects.toMatchObject({ code: 'DIGEST_MISMATCH', input: 'blob' });
  });

  it('fails on a truncated or overlong stream with the sizes', async () => {
    await expect(
      pipeline(
        Readable.from([hello.subarray(0, 3)]),
        new VerifyingStream({ digest: helloSha256, size: 6 }),
        nullSink(),
      ),
    ).rejects.toMatchObject({ code: 'SIZE_MISMATCH', expected: '6', found: '3' });
    await expect(
      pipeline(
        Readable.from([hello, hello]),
        new VerifyingStream({ digest: helloSha256, size: 6 }),
        nullSink(),
      ),
    ).rejects.toMatchObject({ code: 'SIZE_MISMATCH' });
  });

  it('reads npm integrity strings into hex digests', () => {
    const sha512 = createHash('sha512').update(hello).digest();
    const sha1 = createHash('sha1').update(hello).digest();
    const integrity = `sha512-${sha512.toString('base64')} sha1-${sha1.toString('base64')} md4-xx`;
    expect(digestsFromIntegrity(integrity)).toEqual([
      { algorithm: 'sha512', hex: sha512.toString('hex') },
      { algorithm: 'sha1', hex: sha1.toString('hex') },
    ]);
  });
});
