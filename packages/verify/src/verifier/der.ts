/** One DER element's position in a buffer (ITU-T X.690 §8.1: tag, definite length, content). */
export interface DerElement {
  start: number;
  contentStart: number;
  end: number;
}

/** Reads the element starting at `offset` (single-byte tags, definite lengths only). */
export function derElement(der: Buffer, offset: number): DerElement {
  let length = der[offset + 1];
  if (length === undefined) throw new Error('truncated DER');
  let contentStart = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let index = 0; index < octets; index++) length = length * 256 + (der[offset + 2 + index] as number);
    contentStart += octets;
  }
  const end = contentStart + length;
  if (end > der.length) throw new Error('DER length beyond the data');
  return { start: offset, contentStart, end };
}

/** The children of a constructed element. */
export function derChildren(der: Buffer, parent: DerElement): DerElement[] {
  const children: DerElement[] = [];
  for (let offset = parent.contentStart; offset < parent.end; ) {
    const child = derElement(der, offset);
    children.push(child);
    offset = child.end;
  }
  return children;
}

/** Encodes one element with the minimal definite length. */
export function derEncode(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let header: number[];
  if (n < 0x80) header = [tag, n];
  else if (n < 0x100) header = [tag, 0x81, n];
  else if (n < 0x10000) header = [tag, 0x82, n >> 8, n & 0xff];
  else header = [tag, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from(header), content]);
}

/** The TBSCertificate and SubjectPublicKeyInfo of a certificate, sliced from its DER (RFC 5280 §4.1). */
export function certificateParts(der: Buffer): { tbs: Buffer; spki: Buffer } {
  const certificate = derElement(der, 0);
  const tbs = derElement(der, certificate.contentStart);
  const fields = derChildren(der, tbs);
  // version [0] is optional (v1 certificates): SPKI is the 7th field with it, the 6th without.
  const spki = fields[der[tbs.contentStart] === 0xa0 ? 6 : 5];
  if (spki === undefined) throw new Error('certificate without a subject public key');
  return { tbs: der.subarray(tbs.start, tbs.end), spki: der.subarray(spki.start, spki.end) };
}
