import { createHash, verify } from 'node:crypto';
import type { TrustMaterial } from '@sigstore/verify';
import { VerifyError } from '../errors.js';
import { derChildren, derElement, derEncode } from './der.js';

type CTLog = TrustMaterial['ctlogs'][number];

// 1.3.6.1.4.1.11129.2.4.2 (RFC 6962 §3.3 embedded SCT list), DER-encoded OID value.
const SCT_LIST_OID = Buffer.from('2b06010401d679020402', 'hex');

/**
 * The precertificate TBS an embedded SCT signs (RFC 6962 §3.2): the leaf's TBSCertificate without
 * the SCT-list extension, cut out of the DER directly. @sigstore/verify 3.1.1 re-parses a clone of
 * the certificate and re-encodes it byte by byte, the largest cost of a keyless verification.
 */
export function precertificateParts(leafDer: Buffer): { tbs: Buffer; sctList: Buffer } | undefined {
  const certificate = derElement(leafDer, 0);
  const tbs = derElement(leafDer, certificate.contentStart);
  const children = derChildren(leafDer, tbs);
  const parts: Buffer[] = [];
  let sctList: Buffer | undefined;
  for (const child of children) {
    if (leafDer[child.start] !== 0xa3) {
      parts.push(leafDer.subarray(child.start, child.end));
      continue;
    }
    const extensions = derElement(leafDer, child.contentStart);
    const kept: Buffer[] = [];
    for (const extension of derChildren(leafDer, extensions)) {
      const fields = derChildren(leafDer, extension);
      const id = fields[0];
      const value = fields[fields.length - 1];
      if (
        id !== undefined &&
        value !== undefined &&
        leafDer.subarray(id.contentStart, id.end).equals(SCT_LIST_OID)
      ) {
        // extnValue OCTET STRING holding the TLS-encoded list as an OCTET STRING
        const inner = derElement(leafDer, value.contentStart);
        sctList = leafDer.subarray(inner.contentStart, inner.end);
        continue;
      }
      kept.push(leafDer.subarray(extension.start, extension.end));
    }
    parts.push(derEncode(0xa3, derEncode(0x30, Buffer.concat(kept))));
  }
  if (sctList === undefined) return undefined;
  return { tbs: derEncode(0x30, Buffer.concat(parts)), sctList };
}

interface SignedCertificateTimestamp {
  version: number;
  logId: Buffer;
  timestamp: Buffer;
  extensions: Buffer;
  hashAlgorithm: number;
  signature: Buffer;
}

/** The SCTs of a TLS-encoded SignedCertificateTimestampList (RFC 6962 §3.3). */
function parseSctList(list: Buffer): SignedCertificateTimestamp[] {
  const scts: SignedCertificateTimestamp[] = [];
  const end = 2 + list.readUInt16BE(0);
  let offset = 2;
  while (offset < end) {
    const length = list.readUInt16BE(offset);
    const sct = list.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    const extensionsLength = sct.readUInt16BE(41);
    const afterExtensions = 43 + extensionsLength;
    const signatureLength = sct.readUInt16BE(afterExtensions + 2);
    scts.push({
      version: sct[0] as number,
      logId: sct.subarray(1, 33),
      timestamp: sct.subarray(33, 41),
      extensions: sct.subarray(43, afterExtensions),
      hashAlgorithm: sct[afterExtensions] as number,
      signature: sct.subarray(afterExtensions + 4, afterExtensions + 4 + signatureLength),
    });
  }
  if (offset !== end) throw new Error('SCT list length does not match its content');
  return scts;
}

// RFC 5246 §7.4.1.4.1 HashAlgorithm: 4 sha256, 5 sha384, 6 sha512.
const HASHES: Record<number, string> = { 4: 'sha256', 5: 'sha384', 6: 'sha512' };

/**
 * Verifies every SCT embedded in the leaf against the trusted root's CT logs (a log valid at the
 * SCT's time, with its log id) and returns how many verified; an SCT that verifies under no log
 * fails the check, as in @sigstore/verify.
 */
export function verifyEmbeddedScts(leafDer: Buffer, issuerSpki: Buffer, ctlogs: CTLog[]): number {
  let parts: ReturnType<typeof precertificateParts>;
  let scts: SignedCertificateTimestamp[];
  try {
    parts = precertificateParts(leafDer);
    scts = parts === undefined ? [] : parseSctList(parts.sctList);
  } catch (error) {
    throw new VerifyError('SCT', `the certificate's SCT list does not parse: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (parts === undefined) return 0;
  const issuerKeyHash = createHash('sha256').update(issuerSpki).digest();
  const tbsLength = Buffer.alloc(3);
  tbsLength.writeUIntBE(parts.tbs.length, 0, 3);
  for (const sct of scts) {
    const extensionsLength = Buffer.alloc(2);
    extensionsLength.writeUInt16BE(sct.extensions.length);
    // digitally-signed struct: version, certificate_timestamp(0), timestamp, precert_entry(1),
    // issuer_key_hash, TBS (uint24 length), extensions (uint16 length).
    const signed = Buffer.concat([
      Buffer.from([sct.version, 0]),
      sct.timestamp,
      Buffer.from([0, 1]),
      issuerKeyHash,
      tbsLength,
      parts.tbs,
      extensionsLength,
      sct.extensions,
    ]);
    const time = new Date(Number(sct.timestamp.readBigUInt64BE()));
    const verified = ctlogs.some(
      (log) =>
        log.logID.equals(sct.logId) &&
        log.validFor.start <= time &&
        time <= log.validFor.end &&
        verify(HASHES[sct.hashAlgorithm] ?? 'sha256', signed, log.publicKey, sct.signature),
    );
    if (!verified) {
      throw new VerifyError(
        'SCT',
        'an SCT of the certificate does not verify under any CT log of the trusted root',
        {
          expected: 'an SCT signed by a CT log of the trusted root',
          found: `SCT from log ${sct.logId.toString('base64')} at ${time.toISOString()}`,
        },
      );
    }
  }
  return scts.length;
}
