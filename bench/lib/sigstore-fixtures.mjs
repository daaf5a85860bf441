// Makes Sigstore test material for the verify benchmark: a CA (root + intermediate), a Rekor-like
// log key, a CT log key, a trusted root naming them, and keyless bundles whose leaf certificates
// carry Fulcio's extensions and an embedded SCT, with hashedrekord log entries and signed entry
// timestamps. Node has no certificate builder, so certificates are DER-encoded here (RFC 5280),
// in minimal definite-length form so that re-encoding them (as SCT verification does) is exact.
import { createHash, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';

const tlv = (tag, content) => Buffer.concat([Buffer.from([tag]), length(content.length), content]);
function length(n) {
  if (n < 0x80) return Buffer.from([n]);
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const seq = (...parts) => tlv(0x30, Buffer.concat(parts));
const set = (...parts) => tlv(0x31, Buffer.concat(parts));
const explicit = (n, content) => tlv(0xa0 + n, content);
const octets = (content) => tlv(0x04, content);
const utf8 = (text) => tlv(0x0c, Buffer.from(text, 'utf8'));
const bool = () => tlv(0x01, Buffer.from([0xff]));
const bitString = (content) => tlv(0x03, Buffer.concat([Buffer.from([0]), content]));
function integer(value) {
  let hex = BigInt(value).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}
function oid(dotted) {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [a * 40 + b];
  for (const arc of rest) {
    const chunk = [];
    let v = arc;
    do {
      chunk.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80;
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}
function utcTime(date) {
  const s = date.toISOString().replace(/[-:T]/g, '').slice(2, 14);
  return tlv(0x17, Buffer.from(`${s}Z`, 'ascii'));
}
const name = (organization, commonName) =>
  seq(set(seq(oid('2.5.4.10'), utf8(organization))), set(seq(oid('2.5.4.3'), utf8(commonName))));
const extension = (id, value, critical = false) =>
  critical ? seq(oid(id), bool(), octets(value)) : seq(oid(id), octets(value));
const ECDSA_SHA384 = seq(oid('1.2.840.10045.4.3.3'));
const spkiOf = (publicKey) => publicKey.export({ type: 'spki', format: 'der' });
const keyId = (spki) => createHash('sha1').update(spki).digest();

function certificate({
  serial,
  issuer,
  subject,
  notBefore,
  notAfter,
  publicKey,
  extensions,
  signer,
  algorithm,
}) {
  const tbs = seq(
    explicit(0, integer(2)),
    integer(serial),
    algorithm,
    issuer,
    seq(utcTime(notBefore), utcTime(notAfter)),
    subject,
    spkiOf(publicKey),
    explicit(3, seq(...extensions)),
  );
  const hash = algorithm === ECDSA_SHA384 ? 'sha384' : 'sha256';
  return { tbs, der: seq(tbs, algorithm, bitString(sign(hash, tbs, signer))) };
}

/** Canonical JSON (sorted keys), as Rekor signs entry timestamps over it. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const pem = (label, der) =>
  `-----BEGIN ${label}-----\n${der
    .toString('base64')
    .match(/.{1,64}/g)
    .join('\n')}\n-----END ${label}-----\n`;

export const IDENTITY = 'https://github.com/custody/bench/.github/workflows/release.yml@refs/heads/main';
export const ISSUER = 'https://token.actions.githubusercontent.com';

/** The CA, log and CT keys, and the trusted root JSON naming them. */
export function makeAuthority(now = new Date()) {
  const rootKey = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const intermediateKey = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const logKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ctKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const year = 365 * 24 * 3600 * 1000;
  const rootName = name('custody.bench', 'bench-root');
  const intermediateName = name('custody.bench', 'bench-intermediate');
  const rootSpki = spkiOf(rootKey.publicKey);
  const intermediateSpki = spkiOf(intermediateKey.publicKey);
  const caExtensions = (spki, issuerSpki, pathLength) => [
    extension('2.5.29.15', bitString(Buffer.from([0x06])).subarray(0), true),
    extension('2.5.29.19', seq(bool(), integer(pathLength)), true),
    extension('2.5.29.14', octets(keyId(spki))),
    extension('2.5.29.35', seq(tlv(0x80, keyId(issuerSpki)))),
  ];
  const root = certificate({
    serial: 1,
    issuer: rootName,
    subject: rootName,
    notBefore: new Date(now.getTime() - year),
    notAfter: new Date(now.getTime() + 10 * year),
    publicKey: rootKey.publicKey,
    extensions: caExtensions(rootSpki, rootSpki, 1),
    signer: rootKey.privateKey,
    algorithm: ECDSA_SHA384,
  });
  const intermediate = certificate({
    serial: 2,
    issuer: rootName,
    subject: intermediateName,
    notBefore: new Date(now.getTime() - year),
    notAfter: new Date(now.getTime() + 5 * year),
    publicKey: intermediateKey.publicKey,
    extensions: caExtensions(intermediateSpki, rootSpki, 0),
    signer: rootKey.privateKey,
    algorithm: ECDSA_SHA384,
  });
  const start = new Date(now.getTime() - year).toISOString();
  const logSpki = spkiOf(logKey.publicKey);
  const ctSpki = spkiOf(ctKey.publicKey);
  const logEntry = (baseUrl, spki) => ({
    baseUrl,
    hashAlgorithm: 'SHA2_256',
    publicKey: {
      rawBytes: spki.toString('base64'),
      keyDetails: 'PKIX_ECDSA_P256_SHA_256',
      validFor: { start },
    },
    logId: { keyId: createHash('sha256').update(spki).digest('base64') },
  });
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [logEntry('https://rekor.bench.invalid', logSpki)],
    certificateAuthorities: [
      {
        subject: { organization: 'custody.bench', commonName: 'bench-root' },
        uri: 'https://fulcio.bench.invalid',
        certChain: {
          certificates: [
            { rawBytes: intermediate.der.toString('base64') },
            { rawBytes: root.der.toString('base64') },
          ],
        },
        validFor: { start },
      },
    ],
    ctlogs: [logEntry('https://ctfe.bench.invalid', ctSpki)],
    timestampAuthorities: [],
  };
  return { trustedRoot, intermediateName, intermediateKey, intermediateSpki, logKey, logSpki, ctKey, ctSpki };
}

/** A keyless v0.1 bundle over `artifact`: Fulcio-like leaf with SCT, hashedrekord entry with SET. */
export function makeKeylessBundle(authority, artifact, index, now = new Date()) {
  const leafKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leafSpki = spkiOf(leafKey.publicKey);
  const base = [
    extension('2.5.29.15', Buffer.from([0x03, 0x02, 0x07, 0x80]), true),
    extension('2.5.29.37', seq(oid('1.3.6.1.5.5.7.3.3'))),
    extension('2.5.29.14', octets(keyId(leafSpki))),
    extension('2.5.29.35', seq(tlv(0x80, keyId(authority.intermediateSpki)))),
    extension('2.5.29.17', seq(tlv(0x86, Buffer.from(IDENTITY))), true),
    extension('1.3.6.1.4.1.57264.1.1', Buffer.from(ISSUER)),
    extension('1.3.6.1.4.1.57264.1.8', utf8(ISSUER)),
  ];
  const fields = {
    serial: 1000 + index,
    issuer: authority.intermediateName,
    subject: seq(),
    notBefore: new Date(now.getTime() - 5 * 60_000),
    notAfter: new Date(now.getTime() + 5 * 60_000),
    publicKey: leafKey.publicKey,
    signer: authority.intermediateKey.privateKey,
    algorithm: ECDSA_SHA384,
  };
  // RFC 6962 §3.2: the SCT signs the precertificate TBS (the TBS without the SCT extension).
  const precert = certificate({ ...fields, extensions: base });
  const timestamp = Buffer.alloc(8);
  timestamp.writeBigUInt64BE(BigInt(now.getTime() - 60_000));
  const issuerKeyHash = createHash('sha256').update(authority.intermediateSpki).digest();
  const tbsLength = Buffer.alloc(3);
  tbsLength.writeUIntBE(precert.tbs.length, 0, 3);
  const signed = Buffer.concat([
    Buffer.from([0, 0]),
    timestamp,
    Buffer.from([0, 1]),
    issuerKeyHash,
    tbsLength,
    precert.tbs,
    Buffer.from([0, 0]),
  ]);
  const sctSignature = sign('sha256', signed, authority.ctKey.privateKey);
  const sigLength = Buffer.alloc(2);
  sigLength.writeUInt16BE(sctSignature.length);
  const sct = Buffer.concat([
    Buffer.from([0]),
    createHash('sha256').update(authority.ctSpki).digest(),
    timestamp,
    Buffer.from([0, 0]),
    Buffer.from([4, 3]),
    sigLength,
    sctSignature,
  ]);
  const list = Buffer.alloc(4);
  list.writeUInt16BE(sct.length + 2, 0);
  list.writeUInt16BE(sct.length, 2);
  const leaf = certificate({
    ...fields,
    extensions: [...base, extension('1.3.6.1.4.1.11129.2.4.2', octets(Buffer.concat([list, sct])))],
  });
  const digest = createHash('sha256').update(artifact).digest();
  const signature = sign('sha256', artifact, leafKey.privateKey);
  const body = Buffer.from(
    canonical({
      apiVersion: '0.0.1',
      kind: 'hashedrekord',
      spec: {
        data: { hash: { algorithm: 'sha256', value: digest.toString('hex') } },
        signature: {
          content: signature.toString('base64'),
          publicKey: { content: Buffer.from(pem('CERTIFICATE', leaf.der)).toString('base64') },
        },
      },
    }),
  );
  const integratedTime = Math.floor(now.getTime() / 1000);
  const logId = createHash('sha256').update(authority.logSpki).digest();
  const set = sign(
    'sha256',
    Buffer.from(
      canonical({
        body: body.toString('base64'),
        integratedTime,
        logIndex: index,
        logID: logId.toString('hex'),
      }),
    ),
    authority.logKey.privateKey,
  );
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    verificationMaterial: {
      x509CertificateChain: { certificates: [{ rawBytes: leaf.der.toString('base64') }] },
      tlogEntries: [
        {
          logIndex: String(index),
          logId: { keyId: logId.toString('base64') },
          kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
          integratedTime: String(integratedTime),
          inclusionPromise: { signedEntryTimestamp: set.toString('base64') },
          canonicalizedBody: body.toString('base64'),
        },
      ],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    messageSignature: {
      messageDigest: { algorithm: 'SHA2_256', digest: digest.toString('base64') },
      signature: signature.toString('base64'),
    },
  };
}

export { createPublicKey, pem };
