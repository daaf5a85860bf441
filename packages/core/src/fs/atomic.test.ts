import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { VerifyingStream } from '../digest/index.js';
import { writeFileAtomic, writeStreamAtomic } from './atomic.js';

describe('atomic writes', () => {
  it('replaces a file whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'custody-atomic-'));
    const target = join(dir, 'out.json');
    await writeFile(target, 'old');
    await writeFileAtomic(target, 'new');
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['out.json']);
  });

  it('leaves neither the target nor a temporary file when the stream fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'custody-atomic-'));
    const target = join(dir, 'blob');
    const wrong = `sha256:${'0'.repeat(64)}` as const;
    await expect(
      writeStreamAtomic(target, Readable.from([Buffer.from('data')]), {
        through: [new VerifyingStream({ digest: wrong })],
      }),
    ).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
    expect(await readdir(dir)).toEqual([]);
  });
});
