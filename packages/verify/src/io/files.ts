import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { MultiHasher } from '@custody/core';
import type { ArtifactDigests } from '../attestation/statement.js';
import { type BundleDocument, parseBundleDocuments } from '../bundle/documents.js';
import { VerifyError } from '../errors.js';

/** Reads a whole input file, or throws INPUT_UNREADABLE naming it (exit 2). */
export async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new VerifyError(
      'INPUT_UNREADABLE',
      `cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        input: path,
        hint: `check the ${what} path`,
        cause: error,
      },
    );
  }
}

/** Reads a `--bundle` file: one bundle, JSON Lines of bundles or an npm attestations response. */
export async function readBundleFile(path: string): Promise<BundleDocument[]> {
  return parseBundleDocuments((await readInput(path, 'bundle')).toString('utf8'), path);
}

/** sha256 and sha512 of a file, streamed (memory stays flat for large tarballs). */
export async function hashFile(path: string): Promise<ArtifactDigests> {
  const hasher = new MultiHasher(['sha256', 'sha512']);
  try {
    for await (const chunk of createReadStream(path)) hasher.update(chunk as Buffer);
  } catch (error) {
    throw new VerifyError(
      'INPUT_UNREADABLE',
      `cannot read artifact ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        input: path,
        cause: error,
      },
    );
  }
  const digests = hasher.digests();
  const hex = (algorithm: 'sha256' | 'sha512'): string => (digests.get(algorithm) ?? '').split(':')[1] ?? '';
  return { sha256: hex('sha256'), sha512: hex('sha512') };
}
