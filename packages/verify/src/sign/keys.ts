import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { VerifyError } from '../errors.js';

/** Key algorithms `custody keygen` makes: ECDSA P-256 (cosign's default) or Ed25519. */
export type KeyAlgorithm = 'ecdsa-p256' | 'ed25519';

/** A generated key pair as PEM text. */
export interface GeneratedKeyPair {
  /** Encrypted PKCS#8 PEM ("ENCRYPTED PRIVATE KEY"; PBES2 with AES-256-CBC). */
  privateKeyPem: string;
  /** SubjectPublicKeyInfo PEM ("PUBLIC KEY"). */
  publicKeyPem: string;
}

/** The environment variable holding the private key's passphrase. */
export const PASSWORD_VARIABLE = 'CUSTODY_PASSWORD';

/** The passphrase from CUSTODY_PASSWORD, or PASSWORD_MISSING (exit 2). */
export function passphraseFrom(environment: NodeJS.ProcessEnv): string {
  const passphrase = environment[PASSWORD_VARIABLE];
  if (passphrase === undefined || passphrase === '') {
    throw new VerifyError('PASSWORD_MISSING', `${PASSWORD_VARIABLE} is not set`, {
      hint: `set ${PASSWORD_VARIABLE} to the private key's passphrase`,
    });
  }
  return passphrase;
}

/**
 * Generates a key pair. The private key is written encrypted, as Node's crypto writes PKCS#8 with
 * a cipher: PBES2 (PBKDF2-HMAC-SHA256) with AES-256-CBC, readable by openssl and cosign's
 * `import-key-pair`.
 */
export function generateKeyPair(algorithm: KeyAlgorithm, passphrase: string): GeneratedKeyPair {
  const pair =
    algorithm === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKeyPem: pair.privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase,
    }) as string,
    publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

/** Decrypts a PKCS#8 PEM private key; a wrong passphrase or bad file is KEY_INVALID (exit 2). */
export function loadPrivateKey(pem: string, passphrase: string, source: string): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch (error) {
    throw new VerifyError(
      'KEY_INVALID',
      `${source}: cannot read the private key (${(error as Error).message})`,
      {
        input: source,
        hint: `check the file and ${PASSWORD_VARIABLE}`,
        cause: error,
      },
    );
  }
}

/** The public half of a private key, as DER SubjectPublicKeyInfo. */
export function publicKeyDer(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
}
