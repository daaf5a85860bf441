import {
  type CleartextMessage,
  createMessage,
  enums,
  type Message,
  type PublicKey,
  readCleartextMessage,
  readSignature,
  type Signature,
  type SignaturePacket,
  type Subkey,
  verify,
} from 'openpgp';
import { PatchError } from '../errors.js';
import type { Keyring } from './keyring.js';
import { parseRelease, type ReleaseFile } from './release-file.js';

/** A Release whose signature checked out, with the text that was signed (the only text to trust). */
export interface VerifiedRelease {
  release: ReleaseFile;
  text: string;
  /** Fingerprints (lower-case hex) of the keys whose good signatures were accepted. */
  signers: string[];
}

export interface VerifyReleaseOptions {
  keyring: Keyring;
  /** The clock: keys expired or revoked at this moment are refused. */
  now: Date;
  /** Names the Release in errors (its URL). */
  input: string;
}

const BEGIN_SIGNED = '-----BEGIN PGP SIGNED MESSAGE-----';
const END_SIGNATURE = '-----END PGP SIGNATURE-----';

// apt 2.6 hands gpgv `--weak-digest sha1` (and gpgv itself refuses MD5): a signature over such a
// digest is not a good signature.
const WEAK_DIGESTS = new Set<number>([enums.hash.md5, enums.hash.sha1, enums.hash.ripemd]);

function hashName(algorithm: number | null): string {
  const entry = Object.entries(enums.hash).find(([, value]) => value === algorithm);
  return entry?.[0].toUpperCase() ?? String(algorithm);
}

function keyHex(key: { toHex(): string }): string {
  return key.toHex().toUpperCase();
}

/**
 * Refuses an InRelease that is not exactly one clearsigned message: apt (since the 2019 InRelease
 * fixes) accepts nothing before the armor header and nothing but whitespace after the signature,
 * where unsigned fields could hide.
 */
function checkClearsignedShape(text: string, input: string): void {
  const trimmed = text.trim();
  if (!trimmed.startsWith(BEGIN_SIGNED)) {
    throw new PatchError('RELEASE_NOT_SIGNED', 'input', `${input} is not clearsigned`, {
      input,
      expected: BEGIN_SIGNED,
      hint: 'the repository must publish a signed InRelease (or Release with Release.gpg)',
    });
  }
  if (!trimmed.endsWith(END_SIGNATURE) || trimmed.indexOf(BEGIN_SIGNED, 1) >= 0) {
    throw new PatchError(
      'RELEASE_SIGNATURE_INVALID',
      'input',
      `${input} has text outside its one signed message`,
      {
        input,
        hint: 'the file was altered after signing',
      },
    );
  }
}

async function findKey(
  keyring: Keyring,
  packet: SignaturePacket,
): Promise<{ key: PublicKey; part: PublicKey | Subkey } | undefined> {
  for (const key of keyring.keys) {
    const parts = key.getKeys(packet.issuerKeyID);
    if (parts.length > 0) return { key, part: parts[0]! };
  }
  return undefined;
}

/** Why a trusted key cannot vouch at `now`: revoked or expired (gpgv: REVKEYSIG, EXPKEYSIG). */
async function keyUnusable(
  key: PublicKey,
  part: PublicKey | Subkey,
  now: Date,
  input: string,
): Promise<PatchError | undefined> {
  const fingerprint = key.getFingerprint().toUpperCase();
  const revoked =
    (await key.isRevoked(undefined, undefined, now).catch(() => false)) ||
    (part !== key &&
      (await (part as Subkey).isRevoked(undefined as never, undefined as never, now).catch(() => false)));
  if (revoked) {
    return new PatchError(
      'RELEASE_KEY_REVOKED',
      'input',
      `${input} is signed by key ${fingerprint}, which is revoked`,
      {
        input,
        hint: 'the repository must be re-signed with a valid key; update the keyring',
      },
    );
  }
  const expiries = [await key.getExpirationTime().catch(() => null)];
  if (part !== key) expiries.push(await (part as Subkey).getExpirationTime(now).catch(() => null));
  for (const expiry of expiries) {
    if (expiry instanceof Date && expiry.getTime() <= now.getTime()) {
      return new PatchError(
        'RELEASE_KEY_EXPIRED',
        'input',
        `${input} is signed by key ${fingerprint}, which expired on ${expiry.toISOString()} (now ${now.toISOString()})`,
        {
          input,
          hint: "update the keyring with the key's extended expiry, or the repository must be re-signed",
        },
      );
    }
  }
  return undefined;
}

/**
 * Checks every signature: a bad signature by a trusted key, a weak digest, a revoked or expired
 * trusted key each refuse the Release; signatures by keys not in the keyring are skipped (gpgv's
 * NO_PUBKEY: Debian signs with two keys, one of which an image may not hold); at least one good
 * signature by a trusted key is needed.
 */
async function checkSignatures(
  message: CleartextMessage | Message<Uint8Array>,
  signature: Signature | undefined,
  options: VerifyReleaseOptions,
): Promise<string[]> {
  const { keyring, now, input } = options;
  const result = await verify({
    message: message as Message<Uint8Array>,
    ...(signature !== undefined ? { signature } : {}),
    verificationKeys: keyring.keys,
    date: now,
    // Weak digests are refused below with their own error; let openpgp report the rest.
    config: { rejectMessageHashAlgorithms: new Set(), minRSABits: 2047 },
  }).catch((error: unknown) => {
    throw new PatchError(
      'RELEASE_SIGNATURE_INVALID',
      'input',
      `${input}: unreadable signature: ${(error as Error).message}`,
      {
        input,
        cause: error,
      },
    );
  });
  if (result.signatures.length === 0) {
    throw new PatchError('RELEASE_NOT_SIGNED', 'input', `${input} carries no signature`, { input });
  }
  const signers: string[] = [];
  const unknown: string[] = [];
  const worthless: PatchError[] = [];
  for (const entry of result.signatures) {
    const packet = (await entry.signature).packets[0];
    if (packet === undefined) continue;
    const found = await findKey(keyring, packet);
    if (found === undefined) {
      unknown.push(keyHex(packet.issuerKeyID));
      entry.verified.catch(() => {});
      continue;
    }
    if (WEAK_DIGESTS.has(packet.hashAlgorithm ?? -1)) {
      entry.verified.catch(() => {});
      worthless.push(
        new PatchError(
          'RELEASE_WEAK_DIGEST',
          'input',
          `${input} is signed with the weak digest ${hashName(packet.hashAlgorithm)} by key ${keyHex(packet.issuerKeyID)}`,
          {
            input,
            hint: 'apt 2.6 refuses SHA-1 signatures; the repository must be re-signed with SHA-256 or stronger',
          },
        ),
      );
      continue;
    }
    const unusable = await keyUnusable(found.key, found.part, now, input);
    if (unusable !== undefined) {
      entry.verified.catch(() => {});
      worthless.push(unusable);
      continue;
    }
    try {
      await entry.verified;
    } catch (error) {
      throw new PatchError(
        'RELEASE_SIGNATURE_INVALID',
        'input',
        `${input}: bad signature by key ${keyHex(packet.issuerKeyID)} (${(error as Error).message})`,
        { input, hint: 'the file was altered after signing, or a mirror serves a broken copy', cause: error },
      );
    }
    signers.push(found.key.getFingerprint());
  }
  // apt counts a signature by an expired or revoked key, or over a weak digest, as worthless, not
  // as bad: another good signature still carries the Release (apt-get update accepted an
  // InRelease signed by a good and an expired trusted key in our check).
  if (signers.length === 0 && worthless[0] !== undefined) throw worthless[0];
  if (signers.length === 0) {
    throw new PatchError(
      'RELEASE_KEY_UNKNOWN',
      'input',
      `${input} is signed only by key(s) ${unknown.join(', ')}, none of them in the trusted keyring`,
      {
        input,
        found: unknown.join(', '),
        hint: `add the repository's key with --keyring or signed-by (keys read from: ${options.keyring.sources.join(', ') || 'none'})`,
      },
    );
  }
  return signers;
}

/** Verifies a clearsigned InRelease and parses the signed text. Pure: bytes and keys in memory. */
export async function verifyInRelease(
  bytes: Uint8Array,
  options: VerifyReleaseOptions,
): Promise<VerifiedRelease> {
  const armored = new TextDecoder().decode(bytes);
  checkClearsignedShape(armored, options.input);
  let message: CleartextMessage;
  try {
    message = await readCleartextMessage({ cleartextMessage: armored });
  } catch (error) {
    throw new PatchError(
      'RELEASE_SIGNATURE_INVALID',
      'input',
      `${options.input}: unreadable clearsigned message: ${(error as Error).message}`,
      {
        input: options.input,
        cause: error,
      },
    );
  }
  const signers = await checkSignatures(message, undefined, options);
  const text = message.getText();
  return { release: parseRelease(text, options.input), text, signers };
}

/** Verifies a Release against its detached Release.gpg (armored or binary). */
export async function verifyDetachedRelease(
  release: Uint8Array,
  signatureBytes: Uint8Array,
  options: VerifyReleaseOptions,
): Promise<VerifiedRelease> {
  let signature: Signature;
  try {
    const head = new TextDecoder().decode(signatureBytes.subarray(0, 64)).trimStart();
    signature = head.startsWith('-----BEGIN PGP SIGNATURE-----')
      ? await readSignature({ armoredSignature: new TextDecoder().decode(signatureBytes) })
      : await readSignature({ binarySignature: signatureBytes });
  } catch (error) {
    throw new PatchError(
      'RELEASE_NOT_SIGNED',
      'input',
      `${options.input}: Release.gpg is not an OpenPGP signature`,
      {
        input: options.input,
        cause: error,
      },
    );
  }
  const message = await createMessage({ binary: release });
  const signers = await checkSignatures(message, signature, options);
  const text = new TextDecoder().decode(release);
  return { release: parseRelease(text, options.input), text, signers };
}
