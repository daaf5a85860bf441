import { type PublicKey, readKeys } from 'openpgp';
import { PatchError } from '../errors.js';

const ARMOR = '-----BEGIN PGP PUBLIC KEY BLOCK-----';

/** A set of OpenPGP public keys apt would trust for one repository, with where each came from. */
export interface Keyring {
  keys: PublicKey[];
  /** The files (or `inline`) the keys were read from, for messages. */
  sources: string[];
}

/** True when the bytes are an ASCII-armored key block (apt's `.asc`) rather than a binary keyring (`.gpg`). */
export function isArmoredKey(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 512)).trimStart();
  return head.startsWith(ARMOR);
}

/**
 * Reads the public keys of a keyring file as apt accepts them: a binary keyring (`gpg --export`,
 * Debian's `debian-archive-keyring.gpg`) or one armored block. Pure: bytes in, keys out.
 */
export async function readKeyring(bytes: Uint8Array, input: string): Promise<PublicKey[]> {
  try {
    const keys = isArmoredKey(bytes)
      ? await readKeys({ armoredKeys: new TextDecoder().decode(bytes) })
      : await readKeys({ binaryKeys: bytes });
    return keys.filter((k): k is PublicKey => !k.isPrivate());
  } catch (error) {
    throw new PatchError(
      'KEYRING_INVALID',
      'input',
      `${input}: not an OpenPGP keyring: ${(error as Error).message}`,
      {
        input,
        hint: 'give a binary keyring (gpg --export) or an armored public key block',
        cause: error,
      },
    );
  }
}

/** Joins keyrings; a key present twice is kept once (by fingerprint). */
export function mergeKeyrings(...keyrings: Keyring[]): Keyring {
  const seen = new Set<string>();
  const merged: Keyring = { keys: [], sources: [] };
  for (const keyring of keyrings) {
    merged.sources.push(...keyring.sources);
    for (const key of keyring.keys) {
      const fingerprint = key.getFingerprint();
      if (seen.has(fingerprint)) continue;
      seen.add(fingerprint);
      merged.keys.push(key);
    }
  }
  return merged;
}
