import { createHash } from 'node:crypto';
import { formatPurl, npmPurl, tryParsePurl } from '@custody/core';
import type { Component, LicenseDefinition, Party, Relationship, Sbom } from '../model/index.js';
import { documentNamespaceFor, nameBasedUuid, randomDocumentUuid } from './identity.js';
import { compareText, sortComponents, sortRelationships } from './order.js';

/** What a catalog run hands over: the project's root component and what was found under it. */
export interface CatalogedProject {
  root: Component;
  components: Component[];
  relationships: Relationship[];
  licenseDefinitions?: LicenseDefinition[];
  warnings?: string[];
}

/** Document metadata a user may set (`custody sbom --name --version --supplier --namespace`). */
export interface DocumentOptions {
  /** The name of the described project; also the document's name. Default: the root's name. */
  name?: string;
  /** The version of the described project. Default: the root's version. */
  version?: string;
  /** Who supplies the described project (`Organization: X`, `Person: Y (y@z)`, or a bare name). */
  supplier?: string;
  /** The SPDX documentNamespace (and, through it, the CycloneDX serial number). */
  namespace?: string;
  /**
   * Seconds since the epoch (the SOURCE_DATE_EPOCH convention, reproducible-builds.org). When set
   * the document is reproducible: creation time from it, namespace from a hash of the content.
   */
  sourceDateEpoch?: number;
  /** The tool that makes the document, written as `Tool: <name>-<version>`. */
  tool: { name: string; version: string };
  /** The clock, for documents made without SOURCE_DATE_EPOCH. */
  now?: () => Date;
}

/** RFC 3339 UTC without fractional seconds, as SPDX 2.3 §6.9 writes `created`. */
export function formatCreated(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * Reads a supplier as SPDX writes one (`Organization: ACME (ops@acme.test)`), or a bare name,
 * taken as an organization.
 */
export function parseParty(text: string): Party {
  const match = /^(Organization|Person|Tool):\s*(.*?)\s*(?:\(([^()]*)\))?\s*$/.exec(text.trim());
  const kind = (match?.[1]?.toLowerCase() ?? 'organization') as Party['kind'];
  const name = match !== null ? (match[2] ?? '') : text.trim();
  const email = match?.[3]?.trim();
  return email !== undefined && email !== '' ? { kind, name, email } : { kind, name };
}

/**
 * The root's purl after `--name`/`--version`: the purl names the same thing as the fields do, or
 * the two formats' readers would see a package called one thing and identified as another.
 */
function renamedPurl(
  purl: string,
  name: string | undefined,
  version: string | undefined,
): string | undefined {
  const parsed = tryParsePurl(purl);
  if (parsed === undefined) return undefined;
  const { version: oldVersion, ...rest } = parsed;
  const newVersion = version ?? oldVersion;
  try {
    if (parsed.type === 'npm' && name !== undefined) return npmPurl(name, newVersion, parsed.qualifiers);
    return formatPurl({
      ...rest,
      ...(name !== undefined ? { name } : {}),
      ...(newVersion !== undefined ? { version: newVersion } : {}),
    });
  } catch {
    return undefined;
  }
}

/** The describing root with the user's overrides applied. */
function describedRoot(root: Component, options: DocumentOptions): Component {
  const described: Component = { ...root };
  if (options.name !== undefined) described.name = options.name;
  if (options.version !== undefined) described.version = options.version;
  if (options.supplier !== undefined) described.supplier = parseParty(options.supplier);
  if ((options.name !== undefined || options.version !== undefined) && root.purl !== undefined) {
    const purl = renamedPurl(root.purl, options.name, options.version);
    if (purl !== undefined) {
      described.purl = purl;
      if (root.id === root.purl) described.id = purl;
    }
  }
  return described;
}

/** Relationships with the root's old id replaced by its new one (after a rename). */
function renameEnds(relationships: Relationship[], from: string, to: string): Relationship[] {
  if (from === to) return relationships;
  return relationships.map((relationship) =>
    relationship.from === from || relationship.to === from
      ? {
          ...relationship,
          from: relationship.from === from ? to : relationship.from,
          to: relationship.to === from ? to : relationship.to,
        }
      : relationship,
  );
}

/** Definitions by id, first one kept, in id order. */
function uniqueDefinitions(definitions: LicenseDefinition[]): LicenseDefinition[] {
  const byId = new Map<string, LicenseDefinition>();
  for (const definition of definitions) if (!byId.has(definition.id)) byId.set(definition.id, definition);
  return [...byId.values()].sort((a, b) => compareText(a.id, b.id));
}

/**
 * Builds the document of a cataloged project: the root first and the rest by id, relationships
 * sorted and deduplicated, so that the same input always gives the same model. With
 * `sourceDateEpoch` the namespace is derived from a hash of that model, hence byte-identical
 * documents; otherwise it carries a random UUID and the creation time is now.
 */
export function assembleSbom(project: CatalogedProject, options: DocumentOptions): Sbom {
  let root = describedRoot(project.root, options);
  // A rename onto the id of another component would merge two packages: keep the old id then.
  if (root.id !== project.root.id && project.components.some((component) => component.id === root.id))
    root = { ...root, id: project.root.id };
  const others = sortComponents(project.components.filter((component) => component.id !== project.root.id));
  const components = [root, ...others];
  const relationships = sortRelationships(renameEnds(project.relationships, project.root.id, root.id));
  const licenseDefinitions = uniqueDefinitions(project.licenseDefinitions ?? []);
  const reproducible = options.sourceDateEpoch !== undefined;
  const created = formatCreated(
    reproducible ? new Date(options.sourceDateEpoch! * 1000) : (options.now?.() ?? new Date()),
  );
  const name = root.name;
  const sbom: Sbom = {
    document: {
      name: root.version !== undefined && root.version !== '' ? `${name}@${root.version}` : name,
      created,
      tools: [{ name: options.tool.name, version: options.tool.version }],
      dataLicense: 'CC0-1.0',
    },
    describes: [root.id],
    components,
    relationships,
  };
  if (root.supplier !== undefined) sbom.document.supplier = root.supplier;
  if (licenseDefinitions.length > 0) sbom.licenseDefinitions = licenseDefinitions;
  if (project.warnings !== undefined && project.warnings.length > 0) sbom.warnings = [...project.warnings];
  sbom.document.namespace =
    options.namespace ??
    documentNamespaceFor(name, root.version, reproducible ? contentUuid(sbom) : randomDocumentUuid());
  return sbom;
}

/** A name-based UUID of the model's content (everything but the namespace and warnings). */
function contentUuid(sbom: Sbom): string {
  const content = JSON.stringify([
    sbom.document,
    sbom.describes,
    sbom.components,
    sbom.relationships,
    sbom.licenseDefinitions ?? [],
  ]);
  return nameBasedUuid(createHash('sha256').update(content).digest('hex'));
}
