import { normalizeLicenseCached } from '../license/normalize.js';
import { lookupTable } from '../license/table.js';
import type {
  Component,
  ComponentType,
  Hash,
  HashAlgorithm,
  LicenseDefinition,
  LicenseStatement,
  Party,
  ToolInfo,
} from '../model/index.js';

/** Settings every reader accepts. */
export interface ReadOptions {
  /** The file the text came from, for messages and `Sbom.source.path`. */
  path?: string;
  /**
   * How `NONE` is read in a tool-written document. Tools (syft, trivy, sbom-tool) write `NONE`
   * where they found no license, which is not an author stating there is none; by default it
   * becomes `NOASSERTION` with a warning. `keep` reads it as written.
   */
  toolNone?: 'noassertion' | 'keep';
}

const HASH_ALGORITHMS = lookupTable<HashAlgorithm>({
  MD5: 'MD5',
  SHA1: 'SHA-1',
  SHA224: 'SHA-224',
  SHA256: 'SHA-256',
  SHA384: 'SHA-384',
  SHA512: 'SHA-512',
  SHA3256: 'SHA3-256',
  SHA3384: 'SHA3-384',
  SHA3512: 'SHA3-512',
  BLAKE2B256: 'BLAKE2b-256',
  BLAKE2B384: 'BLAKE2b-384',
  BLAKE2B512: 'BLAKE2b-512',
  BLAKE3: 'BLAKE3',
});

/** The model's name for a hash algorithm as SPDX 2 (`SHA256`), SPDX 3 (`sha3_256`) or CycloneDX (`SHA-256`) spell it. */
export function hashAlgorithmOf(name: string): HashAlgorithm | undefined {
  let known = hashNames.get(name);
  if (known === undefined && !hashNames.has(name)) {
    known = HASH_ALGORITHMS[name.toUpperCase().replace(/[-_]/g, '')];
    hashNames.set(name, known);
  }
  return known;
}
const hashNames = new Map<string, HashAlgorithm | undefined>();

/** A string field, or undefined for anything else (schema-invalid documents still read). */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const EMPTY: readonly unknown[] = Object.freeze([]);

/** An array field, or an empty array (one shared, read-only: most fields are absent, most of the time). */
export function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : EMPTY;
}

/** An object field, or undefined. */
export function obj(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** SPDX's "no value" markers, which the model leaves out. */
export function spdxValue(value: unknown): string | undefined {
  const text = str(value)?.trim();
  if (text === undefined || text === '' || text === 'NOASSERTION' || text === 'NONE') return undefined;
  return text;
}

/**
 * State of one read: warnings counted per distinct message (a 10,000-component document with
 * one bad license string gets one line, not 10,000), and the `LicenseRef-` definitions the
 * normalized statements need.
 */
export class ReaderContext {
  readonly options: ReadOptions;
  private noneIsUnknown = false;
  private noneReason = '';
  private readonly warnings = new Map<string, number>();
  private readonly definitions = new Map<string, LicenseDefinition>();
  private readonly noneStatements = new Map<string, LicenseStatement>();

  constructor(options: ReadOptions) {
    this.options = options;
  }

  /**
   * Notes that a tool wrote the document: unless `toolNone: 'keep'`, its `NONE`s are read as
   * NOASSERTION from here on.
   */
  writtenBy(tool: { name: string; version?: string }): void {
    if (this.options.toolNone === 'keep' || this.noneIsUnknown) return;
    this.noneIsUnknown = true;
    const label = tool.version !== undefined ? `${tool.name} ${tool.version}` : tool.name;
    this.noneReason = `the document was written by a tool (${label}), and tools write NONE where they found no license`;
  }

  /** Records a tolerated problem. */
  warn(message: string): void {
    this.warnings.set(message, (this.warnings.get(message) ?? 0) + 1);
  }

  /** Defines a `LicenseRef-` the document brings (SPDX hasExtractedLicensingInfos). */
  define(definition: LicenseDefinition): void {
    if (!this.definitions.has(definition.id)) this.definitions.set(definition.id, definition);
  }

  /** The normalized statement for a license string, with its warnings and definitions recorded. */
  license(raw: string): LicenseStatement {
    const normalized = normalizeLicenseCached(raw);
    // Indexed: this runs once per license entry of every component (see the CycloneDX reader).
    const { warnings, definitions } = normalized;
    for (let i = 0; i < warnings.length; i++) this.warn(warnings[i] as string);
    for (let i = 0; i < definitions.length; i++) this.define(definitions[i] as LicenseDefinition);
    if (normalized.statement.expression === 'NONE' && this.noneIsUnknown) return this.toolNone(raw);
    return normalized.statement;
  }

  private toolNone(raw: string): LicenseStatement {
    let statement = this.noneStatements.get(raw);
    if (statement === undefined) {
      statement = {
        expression: 'NOASSERTION',
        raw,
        normalization: [`NONE read as NOASSERTION: ${this.noneReason}`],
      };
      this.noneStatements.set(raw, statement);
    }
    this.warn(`license NONE read as NOASSERTION: ${this.noneReason}`);
    return statement;
  }

  /**
   * A purl as written, except for a known generator slip: sbom-tool 0.x percent-encodes the `@`
   * before the version (`pkg:nuget/Name%400.3.0`), which leaves the purl without a version.
   */
  purl(value: string, version: string | undefined): string {
    if (version === undefined || value.includes('@')) return value;
    const encoded = `%40${encodeURIComponent(version)}`;
    if (!value.endsWith(encoded)) return value;
    this.warn('purls with the version separator percent-encoded (%40) read with @');
    return `${value.slice(0, -encoded.length)}@${encodeURIComponent(version)}`;
  }

  /** Hashes with known algorithms; others are skipped with a warning. */
  hash(algorithm: string, value: string, hashes: Hash[]): void {
    const known = hashAlgorithmOf(algorithm);
    if (known === undefined) {
      this.warn(`hash algorithm ${algorithm} is not one the model knows; skipped`);
      return;
    }
    hashes.push({ algorithm: known, value: value.toLowerCase() });
  }

  /** The warnings, each once, with how many times it occurred. */
  collectWarnings(): string[] {
    const out: string[] = [];
    for (const [message, count] of this.warnings)
      out.push(count > 1 ? `${message} (${count} times)` : message);
    return out;
  }

  /** The definitions seen, in first-seen order. */
  collectDefinitions(): LicenseDefinition[] {
    return [...this.definitions.values()];
  }
}

const PARTY = /^\s*(Organization|Person|Tool)\s*:\s*(.*?)\s*(?:\(([^()]*)\))?\s*$/i;

/** An SPDX 2 actor (`Organization: Name (email)`, `Person: …`, `Tool: …`), or undefined for NOASSERTION. */
export function parseSpdxActor(text: string | undefined): Party | undefined {
  const value = spdxValue(text);
  if (value === undefined) return undefined;
  const match = PARTY.exec(value);
  if (match === null) return { kind: 'unknown', name: value };
  const kind = (match[1] as string).toLowerCase() as 'organization' | 'person' | 'tool';
  const party: Party = { kind, name: match[2] as string };
  const email = match[3]?.trim();
  if (email !== undefined && email !== '') party.email = email;
  return party;
}

/** A tool as creators name it (`syft-0.33.0`, `Tool: Microsoft.SBOMTool-0.0.0-preview.0`): the version starts at the last `-` or space before a digit. */
export function toolFromName(text: string): ToolInfo {
  const name = text.replace(/^Tool:\s*/i, '');
  const match = /^(.*?)[-\s]v?(\d[^\s]*)$/.exec(name);
  return match === null ? { name } : { name: match[1] as string, version: match[2] as string };
}

/** A component type from an SPDX purpose by the version's table; an unknown purpose is a library, with a warning. */
export function typeFromPurpose(
  purpose: unknown,
  table: Record<string, ComponentType>,
  field: string,
  context: ReaderContext,
): ComponentType {
  const text = str(purpose);
  if (text === undefined) return 'library';
  const mapped = table[text.toUpperCase()] ?? table[text.toLowerCase()];
  if (mapped !== undefined) return mapped;
  context.warn(`${field} "${text}" is not one the model maps; read as library`);
  return 'library';
}

/** The text fields SPDX 2 and 3 packages share under different names; NOASSERTION and NONE are no value. */
export function spdxPackageText(
  component: Component,
  fields: {
    copyright: unknown;
    download: unknown;
    homepage: unknown;
    description: unknown;
    summary: unknown;
  },
): void {
  const copyright = spdxValue(fields.copyright);
  if (copyright !== undefined) component.copyright = copyright;
  const download = spdxValue(fields.download);
  if (download !== undefined) component.downloadLocation = download;
  const homepage = spdxValue(fields.homepage);
  if (homepage !== undefined) component.homepage = homepage;
  const description = str(fields.description) ?? str(fields.summary);
  if (description !== undefined) component.description = description;
}
