import type { X509Certificate } from '@sigstore/core';

/**
 * Fulcio's certificate extensions (1.3.6.1.4.1.57264.1.x, fulcio docs/oid-info.md). Arcs 2..6 are
 * the deprecated GitHub-specific ones, their value the raw string; arcs 8 and later hold a DER
 * UTF8String. cosign's `--certificate-github-workflow-*` flags read arcs 2..6.
 */
export const FULCIO_OIDS = {
  issuerV1: '1.3.6.1.4.1.57264.1.1',
  githubWorkflowTrigger: '1.3.6.1.4.1.57264.1.2',
  githubWorkflowSha: '1.3.6.1.4.1.57264.1.3',
  githubWorkflowName: '1.3.6.1.4.1.57264.1.4',
  githubWorkflowRepository: '1.3.6.1.4.1.57264.1.5',
  githubWorkflowRef: '1.3.6.1.4.1.57264.1.6',
  issuer: '1.3.6.1.4.1.57264.1.8',
  buildSignerUri: '1.3.6.1.4.1.57264.1.9',
  buildSignerDigest: '1.3.6.1.4.1.57264.1.10',
  runnerEnvironment: '1.3.6.1.4.1.57264.1.11',
  sourceRepositoryUri: '1.3.6.1.4.1.57264.1.12',
  sourceRepositoryDigest: '1.3.6.1.4.1.57264.1.13',
  sourceRepositoryRef: '1.3.6.1.4.1.57264.1.14',
  sourceRepositoryIdentifier: '1.3.6.1.4.1.57264.1.15',
  sourceRepositoryOwnerUri: '1.3.6.1.4.1.57264.1.16',
  sourceRepositoryOwnerIdentifier: '1.3.6.1.4.1.57264.1.17',
  buildConfigUri: '1.3.6.1.4.1.57264.1.18',
  buildConfigDigest: '1.3.6.1.4.1.57264.1.19',
  buildTrigger: '1.3.6.1.4.1.57264.1.20',
  runInvocationUri: '1.3.6.1.4.1.57264.1.21',
  sourceRepositoryVisibilityAtSigning: '1.3.6.1.4.1.57264.1.22',
} as const;

/** A Fulcio extension by its name in fulcio's oid-info.md (camelCase). */
export type FulcioExtensionName = keyof typeof FULCIO_OIDS;

/** What a Fulcio certificate says about its signer. */
export interface SignerIdentity {
  /** The SAN: a workflow URI, an email, a SPIFFE id. */
  subjectAlternativeName?: string;
  /** The OIDC issuer (arc 8, else the deprecated arc 1). */
  issuer?: string;
  /** Every Fulcio extension present, by name. */
  extensions: Partial<Record<FulcioExtensionName, string>>;
}

const RAW_STRING_ARCS = new Set<string>([
  FULCIO_OIDS.issuerV1,
  FULCIO_OIDS.githubWorkflowTrigger,
  FULCIO_OIDS.githubWorkflowSha,
  FULCIO_OIDS.githubWorkflowName,
  FULCIO_OIDS.githubWorkflowRepository,
  FULCIO_OIDS.githubWorkflowRef,
]);

/** Reads the SAN and Fulcio extensions of a signing certificate. */
export function signerIdentity(certificate: X509Certificate): SignerIdentity {
  const extensions: SignerIdentity['extensions'] = {};
  for (const [name, oid] of Object.entries(FULCIO_OIDS) as [FulcioExtensionName, string][]) {
    const extension = certificate.extension(oid);
    if (extension === undefined) continue;
    const value = RAW_STRING_ARCS.has(oid) ? extension.value.toString('utf8') : derString(extension.value);
    if (value !== undefined) extensions[name] = value;
  }
  const identity: SignerIdentity = { extensions };
  const san = certificate.subjectAltName;
  if (san !== undefined) identity.subjectAlternativeName = san;
  const issuer = extensions.issuer ?? extensions.issuerV1;
  if (issuer !== undefined) identity.issuer = issuer;
  return identity;
}

/** The content of a DER string (UTF8String, IA5String, PrintableString): tag, length, bytes. */
function derString(value: Buffer): string | undefined {
  if (value.length < 2) return undefined;
  let length = value[1] as number;
  let offset = 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    length = 0;
    for (let index = 0; index < octets; index++) length = (length << 8) | (value[2 + index] as number);
    offset = 2 + octets;
  }
  return value.subarray(offset, offset + length).toString('utf8');
}
