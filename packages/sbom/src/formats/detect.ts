import { obj, str } from './reader-context.js';

/** The document formats the readers know. */
export type SbomFormatKind = 'spdx2' | 'spdx3' | 'cyclonedx';

/** What a document says it is. */
export interface DetectedFormat {
  kind: SbomFormatKind;
  /** `2.2`, `2.3`, `3.0`, `1.4`, `1.5`, `1.6` (or whatever other version the document names). */
  specVersion: string;
}

/** Versions read without a warning; others of a known format are read leniently, with one. */
export const SUPPORTED_VERSIONS: Record<SbomFormatKind, string[]> = {
  spdx2: ['2.2', '2.3'],
  spdx3: ['3.0'],
  cyclonedx: ['1.4', '1.5', '1.6'],
};

/**
 * Why text is not something the readers take, judged from its first characters, or undefined
 * when it may be JSON. Names the formats people most often pass by mistake.
 */
export function sniffNonJson(text: string): string | undefined {
  const start = text.trimStart();
  if (start.startsWith('<')) return 'this is XML; custody reads SPDX and CycloneDX JSON only';
  if (/^SPDXVersion\s*:/m.test(start.slice(0, 4096)))
    return 'this is SPDX tag-value; custody reads SPDX JSON (convert with the SPDX tools: pyspdxtools -i FILE -o FILE.json)';
  if (start.startsWith('@prefix') || start.startsWith('<rdf'))
    return 'this is SPDX RDF; custody reads SPDX JSON only';
  return undefined;
}

/**
 * The format of a parsed JSON document: CycloneDX by `bomFormat`, SPDX 2 by `spdxVersion`,
 * SPDX 3 by a JSON-LD `@context` naming spdx.org/rdf/3 or a `@graph` of SPDX elements.
 */
export function detectFormat(document: unknown): DetectedFormat | undefined {
  const root = obj(document);
  if (root === undefined) return undefined;
  // `bomFormat` is required, but some generators leave it out and name the schema instead.
  if (str(root.bomFormat) === 'CycloneDX' || /cyclonedx\.org\/schema\/bom-/.test(str(root.$schema) ?? ''))
    return { kind: 'cyclonedx', specVersion: str(root.specVersion) ?? '' };
  const spdxVersion = str(root.spdxVersion);
  if (spdxVersion !== undefined) return { kind: 'spdx2', specVersion: spdxVersion.replace(/^SPDX-/i, '') };
  const context = root['@context'];
  const contexts = Array.isArray(context) ? context : [context];
  if (contexts.some((c) => typeof c === 'string' && /spdx\.org\/rdf\/3\./.test(c))) {
    const match = /rdf\/(3\.\d+)/.exec(
      contexts.find((c) => typeof c === 'string' && c.includes('/rdf/3.')) as string,
    );
    return { kind: 'spdx3', specVersion: match?.[1] ?? '3.0' };
  }
  if (Array.isArray(root['@graph'])) return { kind: 'spdx3', specVersion: '3.0' };
  return undefined;
}
