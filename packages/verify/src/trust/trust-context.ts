import { createHash, type KeyObject } from 'node:crypto';
import { crypto } from '@sigstore/core';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { type TrustMaterial, toTrustMaterial } from '@sigstore/verify';
import { VerifyError } from '../errors.js';
import { CertificateChainVerifier } from '../verifier/certificate-chain.js';
import { type NpmRegistryKey, SEED_SOURCE, seedNpmRegistryKeys, seedTrustedRootText } from './seed.js';
import { allKeysExpired, parseTrustedRoots, type TrustedRootDocument } from './trusted-root.js';

/** A public key trusted for keyed bundles, with the time it may be used. */
export interface TrustedPublicKey {
  publicKey: KeyObject;
  /** DER SubjectPublicKeyInfo, to compare with keys recorded in log entries. */
  spki: Buffer;
  validFor: { start?: Date; end?: Date };
  /** Where the key came from (`--key FILE`, `npm registry key SHA256:…`). */
  source: string;
}

/**
 * Everything verification trusts, parsed once: the trusted root(s) as @sigstore/verify's trust
 * material (log and CT keys imported, CA certificates parsed), the certificate path cache, and
 * keys for keyed bundles by hint. Build it once per root and reuse it for every bundle.
 */
export interface TrustContext {
  /** The roots, in the order given (JSON Lines may carry several). */
  roots: TrustedRootDocument[];
  /** @sigstore/verify trust material of all roots together. */
  material: TrustMaterial;
  /** Cached certificate paths against `material.certificateAuthorities`. */
  chains: CertificateChainVerifier;
  /** Keys for keyed bundles by hint (npm registry keys by keyId). */
  keysByHint: Map<string, TrustedPublicKey>;
  /** Keys given explicitly (`--key`): used whatever the bundle's hint says. */
  explicitKeys: TrustedPublicKey[];
  /** Warnings about the trust itself (all keys expired). */
  warnings: string[];
}

/** How to build a trust context. */
export interface TrustOptions {
  /** Trusted root JSON or JSON Lines text; default: the @sigstore/tuf seed's public-good root. */
  trustedRootText?: string;
  /** Where `trustedRootText` came from, for messages. */
  trustedRootSource?: string;
  /** PEM public keys the user trusts for keyed bundles (`--key`). */
  publicKeys?: { pem: string; source: string }[];
  /** Also trust the npm registry's attestation keys from the seed (default true). */
  npmRegistryKeys?: boolean;
  /** The time used for the expiry warning (default now). */
  now?: Date;
}

const contexts = new Map<string, TrustContext>();

/**
 * The trust context for `options`, cached by the root text and keys so that repeated calls in
 * one process (a batch, a worker) parse keys and certificates once.
 */
export function loadTrust(options: TrustOptions = {}): TrustContext {
  const text = options.trustedRootText ?? seedTrustedRootText();
  const keyPems = (options.publicKeys ?? []).map((key) => key.pem).join('\n');
  const cacheKey = createHash('sha256')
    .update(text)
    .update('\0')
    .update(keyPems)
    .update(options.npmRegistryKeys === false ? 'no-npm' : 'npm')
    .digest('hex');
  const cached = contexts.get(cacheKey);
  if (cached !== undefined) return cached;
  const context = buildTrust(text, options);
  contexts.set(cacheKey, context);
  return context;
}

function buildTrust(text: string, options: TrustOptions): TrustContext {
  const source = options.trustedRootSource ?? SEED_SOURCE;
  const roots = parseTrustedRoots(text, source);
  const merged: TrustedRoot = {
    mediaType: roots[roots.length - 1]?.root.mediaType ?? '',
    tlogs: roots.flatMap((r) => r.root.tlogs),
    certificateAuthorities: roots.flatMap((r) => r.root.certificateAuthorities),
    ctlogs: roots.flatMap((r) => r.root.ctlogs),
    timestampAuthorities: roots.flatMap((r) => r.root.timestampAuthorities),
  };
  const keysByHint = new Map<string, TrustedPublicKey>();
  if (options.npmRegistryKeys !== false) {
    for (const key of seedNpmRegistryKeys()) {
      if (key.keyUsage === 'npm:attestations') keysByHint.set(key.keyId, npmKey(key));
    }
  }
  const explicitKeys = (options.publicKeys ?? []).map((key) => parsePublicKeyPem(key.pem, key.source));
  const material = toTrustMaterial(merged, (hint) => {
    const key = explicitKeys[0] ?? keysByHint.get(hint);
    if (key === undefined) throw new Error(`no key for hint ${hint}`);
    return {
      publicKey: key.publicKey,
      validFor: (date: Date) => within(key.validFor, date),
    };
  });
  const warnings: string[] = [];
  const now = options.now ?? new Date();
  for (const root of roots) {
    if (allKeysExpired(root.root, now)) {
      warnings.push(
        `${root.source}: every key and CA in this trusted root expired before ${now.toISOString()}; it can only verify old signatures (refresh it)`,
      );
    }
  }
  return {
    roots,
    material,
    chains: new CertificateChainVerifier(material.certificateAuthorities),
    keysByHint,
    explicitKeys,
    warnings,
  };
}

/** True when `date` falls in the closed interval `range` (TimeRange is inclusive at both ends). */
export function within(range: { start?: Date; end?: Date }, date: Date): boolean {
  return (range.start === undefined || range.start <= date) && (range.end === undefined || date <= range.end);
}

function npmKey(key: NpmRegistryKey): TrustedPublicKey {
  const spki = Buffer.from(key.publicKey.rawBytes, 'base64');
  const validFor: TrustedPublicKey['validFor'] = { start: new Date(key.publicKey.validFor.start) };
  if (key.publicKey.validFor.end !== undefined) validFor.end = new Date(key.publicKey.validFor.end);
  return { publicKey: crypto.createPublicKey(spki), spki, validFor, source: `npm registry key ${key.keyId}` };
}

/** Imports a PEM public key (ECDSA P-256/P-384, Ed25519, RSA) or throws KEY_INVALID. */
export function parsePublicKeyPem(pem: string, source: string): TrustedPublicKey {
  let publicKey: KeyObject;
  try {
    publicKey = crypto.createPublicKey(pem);
  } catch (error) {
    throw new VerifyError('KEY_INVALID', `${source}: not a PEM public key (${(error as Error).message})`, {
      input: source,
      hint: 'give a PEM "PUBLIC KEY" file, such as custody keygen writes',
      cause: error,
    });
  }
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return { publicKey, spki, validFor: {}, source };
}
