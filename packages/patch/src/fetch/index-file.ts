import { createHash } from 'node:crypto';
import { PatchError } from '../errors.js';
import type { ReleaseEntry, ReleaseFile } from '../release/index.js';

/**
 * The entry a Release lists for an index path (`main/binary-amd64/Packages.xz`), or an error:
 * apt never uses an index its Release does not vouch for.
 */
export function releaseEntry(release: ReleaseFile, path: string, input: string): ReleaseEntry {
  const entry = release.files.get(path);
  if (entry === undefined) {
    throw new PatchError(
      'INDEX_NOT_LISTED',
      'input',
      `${input}: ${path} is not listed in the Release's SHA256 field`,
      {
        input,
        hint: 'the suite does not offer this component or architecture',
      },
    );
  }
  return entry;
}

/** Checks bytes of an index against the SHA256 and size its Release lists. Pure. */
export function verifyIndexBytes(bytes: Uint8Array, entry: ReleaseEntry, input: string): void {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.byteLength !== entry.size || sha256 !== entry.sha256) {
    throw new PatchError(
      'INDEX_DIGEST_MISMATCH',
      'input',
      `${input} does not match its Release: expected sha256:${entry.sha256} (${entry.size} bytes), found sha256:${sha256} (${bytes.byteLength} bytes)`,
      {
        input,
        expected: `sha256:${entry.sha256}`,
        found: `sha256:${sha256}`,
        hint: 'the index was altered or the mirror is mid-sync; retry later or use another mirror',
      },
    );
  }
}
