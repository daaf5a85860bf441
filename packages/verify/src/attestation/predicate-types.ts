import { VerifyError } from '../errors.js';

/**
 * Short names for predicate types, as cosign's `--type` takes them (cosign
 * pkg/cosign/attestation: slsaprovenance, slsaprovenance02, slsaprovenance1, spdxjson, cyclonedx,
 * openvex, …). A full URI is taken as given.
 */
export const PREDICATE_TYPES: Record<string, string> = {
  slsaprovenance: 'https://slsa.dev/provenance/v0.2',
  slsaprovenance02: 'https://slsa.dev/provenance/v0.2',
  slsaprovenance1: 'https://slsa.dev/provenance/v1',
  spdx: 'https://spdx.dev/Document',
  spdxjson: 'https://spdx.dev/Document',
  cyclonedx: 'https://cyclonedx.org/bom',
  openvex: 'https://openvex.dev/ns',
  vuln: 'https://cosign.sigstore.dev/attestation/vuln/v1',
  link: 'https://in-toto.io/link/v1',
  npmpublish: 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1',
};

/** The predicate type URI for a short name or URI; an unknown short name is a usage error. */
export function resolvePredicateType(type: string): string {
  const known = PREDICATE_TYPES[type.toLowerCase()];
  if (known !== undefined) return known;
  if (/^[a-z][a-z0-9+.-]*:/i.test(type)) return type;
  throw new VerifyError('USAGE', `--type ${type}: not a predicate type`, {
    hint: `give a URI or one of ${Object.keys(PREDICATE_TYPES).join(', ')}`,
  });
}

/**
 * True when `actual` is the wanted predicate type. OpenVEX and CycloneDX put a version in the URI
 * (https://openvex.dev/ns/v0.2.0, https://cyclonedx.org/bom/v1.5): the short names match any.
 */
export function predicateTypeMatches(wanted: string, actual: string): boolean {
  if (actual === wanted) return true;
  return (
    (wanted === PREDICATE_TYPES.openvex || wanted === PREDICATE_TYPES.cyclonedx) &&
    actual.startsWith(`${wanted}/`)
  );
}

/** True for the SLSA provenance predicate types custody checks (v0.2 and v1). */
export function isSlsaProvenance(predicateType: string): boolean {
  return (
    predicateType === 'https://slsa.dev/provenance/v0.2' || predicateType === 'https://slsa.dev/provenance/v1'
  );
}
