import { createHash, type KeyObject } from 'node:crypto';
import { crypto, X509Certificate } from '@sigstore/core';
import type { TrustMaterial } from '@sigstore/verify';
import { VerifyError } from '../errors.js';
import { certificateParts } from './der.js';

const LEAF_CACHE_LIMIT = 10_000;

type CertAuthority = TrustMaterial['certificateAuthorities'][number];

/** A verified path from a leaf certificate up to a trusted root, leaf first. */
export type CertificatePath = X509Certificate[];

/**
 * Certificate path building against the trusted root's Fulcio CAs, with caches.
 *
 * @sigstore/verify 3.1.1 rebuilds every path from scratch on each call: it re-verifies the
 * intermediate and the self-signed root and re-imports each issuer key, three signature checks
 * and three key imports per bundle. Here each CA chain of the trusted root is verified once, each
 * issuer key is imported once, and a leaf's signature check is remembered by the DER hash of the
 * leaf and issuer. Nothing about a bundle (timestamps, log entries, signatures) is cached: only
 * facts about certificates, which do not change.
 */
export class CertificateChainVerifier {
  private readonly authorities: CertAuthority[];
  private readonly issuerSpkis = new Map<X509Certificate, Buffer>();
  private readonly issuerSpkiHashes = new Map<X509Certificate, string>();
  private readonly caChainDer = new Map<CertAuthority, string[]>();
  private readonly caChainValid = new Map<CertAuthority, boolean>();
  private readonly issuerKeys = new Map<X509Certificate, KeyObject>();
  private readonly leafSignedBy = new Map<string, boolean>();

  constructor(authorities: CertAuthority[]) {
    this.authorities = authorities;
  }

  /**
   * The path for `leaf` valid at every one of `timestamps` (Fulcio certificates live ten minutes:
   * each trusted time must fall inside every certificate of the path and the CA's trust-root
   * validity). Throws CERTIFICATE_CHAIN when no trusted CA issued the leaf, CERTIFICATE_VALIDITY
   * when one did but a timestamp falls outside the certificates' lifetimes.
   */
  verify(leaf: X509Certificate, leafDer: Uint8Array, timestamps: Date[]): CertificatePath {
    const leafHash = createHash('sha256').update(leafDer).digest('hex');
    const leafTbs = certificateParts(Buffer.from(leafDer.buffer, leafDer.byteOffset, leafDer.byteLength)).tbs;
    let path: CertificatePath | undefined;
    for (const timestamp of timestamps) {
      const candidates = this.authorities.filter(
        (ca) => ca.validFor.start <= timestamp && timestamp <= ca.validFor.end,
      );
      if (candidates.length === 0) {
        throw new VerifyError(
          'CERTIFICATE_CHAIN',
          `no certificate authority of the trusted root is valid at ${timestamp.toISOString()}`,
          { expected: 'a CA whose validFor covers the signing time', found: timestamp.toISOString() },
        );
      }
      let found: CertificatePath | undefined;
      for (const ca of candidates) {
        found = this.pathThrough(leaf, leafHash, leafTbs, ca);
        if (found !== undefined) break;
      }
      if (found === undefined) {
        throw new VerifyError('CERTIFICATE_CHAIN', 'the signing certificate was not issued by a trusted CA', {
          expected: 'a chain to a certificate authority of the trusted root',
          found: `issuer ${describeName(leaf)}`,
        });
      }
      for (const certificate of found) {
        if (!certificate.validForDate(timestamp)) {
          throw new VerifyError(
            'CERTIFICATE_VALIDITY',
            `certificate not valid at the signing time ${timestamp.toISOString()}`,
            {
              expected: `${certificate.notBefore.toISOString()} .. ${certificate.notAfter.toISOString()}`,
              found: timestamp.toISOString(),
            },
          );
        }
      }
      path = found;
    }
    if (path === undefined) {
      throw new VerifyError('THRESHOLD', 'no trusted time to check the certificate against', {
        expected: 'a signed entry timestamp or an RFC 3161 timestamp',
        found: 'none',
      });
    }
    return path;
  }

  /**
   * Checks the certificates a bundle carries besides the leaf. Trust anchors come only from the
   * trusted root, so a self-signed certificate in a bundle is refused (sigstore-conformance
   * bundle-with-root-cert_fail) unless the bundle merely repeats a CA chain of the trusted root
   * verbatim and in order, as sigstore-js 1.x wrote v0.1 bundles (npm provenance of 2023).
   */
  checkBundledChain(extra: Uint8Array[]): void {
    if (extra.length === 0) return;
    const hex = extra.map((der) => Buffer.from(der).toString('hex'));
    const repeatsTrustedChain = this.authorities.some((ca) => {
      const trusted = this.chainDer(ca);
      return trusted.length === hex.length && trusted.every((der, index) => der === hex[index]);
    });
    if (repeatsTrustedChain) return;
    for (const [index, der] of extra.entries()) {
      let certificate: X509Certificate;
      try {
        certificate = X509Certificate.parse(Buffer.from(der));
      } catch (error) {
        throw new VerifyError(
          'CERTIFICATE_CHAIN',
          `certificate ${index + 1} of the bundle's chain does not parse`,
          {
            cause: error,
          },
        );
      }
      if (certificate.subject.equals(certificate.issuer)) {
        throw new VerifyError(
          'CERTIFICATE_CHAIN',
          "the bundle's certificate chain contains a root certificate",
          {
            expected: 'leaf and intermediates only (roots come from the trusted root)',
            found: `self-signed certificate at position ${index + 1}, not a trusted CA chain`,
          },
        );
      }
    }
  }

  private chainDer(ca: CertAuthority): string[] {
    let der = this.caChainDer.get(ca);
    if (der === undefined) {
      der = ca.certChain.map((certificate) => certificate.root.toDER().toString('hex'));
      this.caChainDer.set(ca, der);
    }
    return der;
  }

  private pathThrough(
    leaf: X509Certificate,
    leafHash: string,
    leafTbs: Buffer,
    ca: CertAuthority,
  ): CertificatePath | undefined {
    if (!this.isChainValid(ca)) return undefined;
    const chain = ca.certChain;
    const authorityKeyId = leaf.extAuthorityKeyID?.keyIdentifier;
    for (let index = 0; index < chain.length; index++) {
      const issuer = chain[index];
      if (issuer === undefined || !issuer.subject.equals(leaf.issuer)) continue;
      const subjectKeyId = issuer.extSubjectKeyID?.keyIdentifier;
      if (authorityKeyId !== undefined && subjectKeyId !== undefined && !authorityKeyId.equals(subjectKeyId))
        continue;
      if (!this.signedBy(leaf, leafHash, leafTbs, issuer)) continue;
      const path = [leaf, ...chain.slice(index)];
      assertPathConstraints(path);
      return path;
    }
    return undefined;
  }

  private signedBy(
    leaf: X509Certificate,
    leafHash: string,
    leafTbs: Buffer,
    issuer: X509Certificate,
  ): boolean {
    const key = `${leafHash}:${this.issuerSpkiHash(issuer)}`;
    let valid = this.leafSignedBy.get(key);
    if (valid === undefined) {
      valid = crypto.verify(leafTbs, this.issuerKey(issuer), leaf.signatureValue, leaf.signatureAlgorithm);
      // Bounded: a long batch of distinct leaves must not grow memory without limit.
      if (this.leafSignedBy.size >= LEAF_CACHE_LIMIT) this.leafSignedBy.clear();
      this.leafSignedBy.set(key, valid);
    }
    return valid;
  }

  /** The DER SubjectPublicKeyInfo of a CA certificate of the trusted root (cached). */
  issuerSpki(issuer: X509Certificate): Buffer {
    let spki = this.issuerSpkis.get(issuer);
    if (spki === undefined) {
      spki = issuer.publicKey;
      this.issuerSpkis.set(issuer, spki);
    }
    return spki;
  }

  private issuerSpkiHash(issuer: X509Certificate): string {
    let hash = this.issuerSpkiHashes.get(issuer);
    if (hash === undefined) {
      hash = createHash('sha256').update(this.issuerSpki(issuer)).digest('hex');
      this.issuerSpkiHashes.set(issuer, hash);
    }
    return hash;
  }

  private issuerKey(issuer: X509Certificate): KeyObject {
    let key = this.issuerKeys.get(issuer);
    if (key === undefined) {
      key = crypto.createPublicKey(this.issuerSpki(issuer));
      this.issuerKeys.set(issuer, key);
    }
    return key;
  }

  /**
   * A trusted root's CA chain is listed issuer-last (intermediate(s), then root): each must be a
   * CA signed by the next, the last self-signed. Checked once per trust material.
   */
  private isChainValid(ca: CertAuthority): boolean {
    let valid = this.caChainValid.get(ca);
    if (valid === undefined) {
      const chain = ca.certChain;
      valid = chain.length > 0;
      for (let index = 0; valid && index < chain.length; index++) {
        const certificate = chain[index] as X509Certificate;
        const issuer = chain[index + 1] ?? certificate;
        valid =
          certificate.isCA &&
          certificate.issuer.equals(issuer.subject) &&
          crypto.verify(
            certificate.tbsCertificate.toDER(),
            this.issuerKey(issuer),
            certificate.signatureValue,
            certificate.signatureAlgorithm,
          );
      }
      this.caChainValid.set(ca, valid);
    }
    return valid;
  }
}

/** RFC 5280 §4.2.1.9 pathLenConstraint, counted as @sigstore/verify counts it. */
function assertPathConstraints(path: CertificatePath): void {
  for (let index = 0; index < path.length; index++) {
    const constraint = path[index]?.extBasicConstraints;
    if (
      constraint?.isCA === true &&
      constraint.pathLenConstraint !== undefined &&
      constraint.pathLenConstraint < index - 1
    ) {
      throw new VerifyError('CERTIFICATE_CHAIN', 'certificate path length constraint exceeded');
    }
  }
}

function describeName(certificate: X509Certificate): string {
  return certificate.issuer.toString('base64').slice(0, 24);
}
