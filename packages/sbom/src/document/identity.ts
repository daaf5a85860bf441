import { createHash, randomUUID } from 'node:crypto';

/**
 * custody's UUID namespace for name-based (version 5) UUIDs, so that a reproducible document's
 * namespace and serial number are the same on every machine (RFC 9562 §5.5).
 */
const CUSTODY_UUID_NAMESPACE = Buffer.from('6f1c3c2e5b7a4f0e9d2a8b4c1e7f3a90', 'hex');

/** A version 5 UUID of `name` in custody's namespace (RFC 9562 §5.5: SHA-1, version and variant bits). */
export function nameBasedUuid(name: string): string {
  const digest = createHash('sha1').update(CUSTODY_UUID_NAMESPACE).update(name, 'utf8').digest();
  // Version 5 in the high nibble of byte 6; variant 10xx in byte 8 (RFC 9562 §4.1, §4.2).
  digest[6] = ((digest[6] ?? 0) & 0x0f) | 0x50;
  digest[8] = ((digest[8] ?? 0) & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A random (version 4) UUID, for documents made without SOURCE_DATE_EPOCH. */
export function randomDocumentUuid(): string {
  return randomUUID();
}

/**
 * The base of namespaces custody invents. SPDX 2.3 §6.5 asks for a unique absolute URI that need
 * not resolve; spdx.org/spdxdocs is the prefix the SPDX tools and Microsoft's SBOM Tool use too.
 */
export const NAMESPACE_BASE = 'https://spdx.org/spdxdocs/custody';

/** `https://spdx.org/spdxdocs/custody/<name>-<version>-<uuid>`, the name percent-encoded. */
export function documentNamespaceFor(name: string, version: string | undefined, uuid: string): string {
  const label = version !== undefined && version !== '' ? `${name}-${version}` : name;
  return `${NAMESPACE_BASE}/${encodeURIComponent(label)}-${uuid}`;
}

/** The CycloneDX serial number of a document: a name-based UUID of its SPDX namespace. */
export function serialNumberFor(namespace: string): string {
  return `urn:uuid:${nameBasedUuid(namespace)}`;
}

/**
 * Whether `value` is what SPDX 2.3 §6.5 asks of a documentNamespace: an absolute URI (a scheme,
 * then something) with no `#`, since `#` separates the namespace from element ids in references.
 */
export function isValidDocumentNamespace(value: string): boolean {
  if (value.includes('#') || /\s/.test(value)) return false;
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^/]|^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]/.test(value)) return false;
  try {
    return new URL(value).protocol !== '';
  } catch {
    return false;
  }
}
