import { lookupTable } from '../../license/table.js';
import type {
  Component,
  ComponentLicenses,
  ComponentType,
  DependencyKind,
  FileEntry,
  Hash,
  Party,
  Relationship,
  RelationshipType,
  Sbom,
  ToolInfo,
} from '../../model/index.js';
import {
  arr,
  obj,
  parseSpdxActor,
  type ReaderContext,
  spdxPackageText,
  spdxValue,
  str,
  toolFromName,
  typeFromPurpose,
} from '../reader-context.js';
import { deriveScopes } from './reader-scope.js';

/** SPDX 2.3 §7.24 primaryPackagePurpose onto the model's CycloneDX-derived types. */
const PURPOSES = lookupTable<ComponentType>({
  APPLICATION: 'application',
  FRAMEWORK: 'framework',
  LIBRARY: 'library',
  CONTAINER: 'container',
  'OPERATING-SYSTEM': 'operating-system',
  DEVICE: 'device',
  FIRMWARE: 'firmware',
  SOURCE: 'source',
  ARCHIVE: 'file',
  FILE: 'file',
  INSTALL: 'application',
  OTHER: 'library',
});

/**
 * SPDX 2.3 §11 relationship types as model edges: `X_OF` types are the reverse of the model's
 * direction; dependency flavours carry their kind. Unlisted types become OTHER with the SPDX
 * type kept in the comment.
 */
const RELATIONSHIPS = lookupTable<{ type: RelationshipType; reverse: boolean; kind?: DependencyKind }>({
  DEPENDS_ON: { type: 'DEPENDS_ON', reverse: false },
  DEPENDENCY_OF: { type: 'DEPENDS_ON', reverse: true },
  RUNTIME_DEPENDENCY_OF: { type: 'DEPENDS_ON', reverse: true, kind: 'prod' },
  DEV_DEPENDENCY_OF: { type: 'DEPENDS_ON', reverse: true, kind: 'dev' },
  // Build-time dependencies may be compiled or bundled into what ships: not dev.
  BUILD_DEPENDENCY_OF: { type: 'DEPENDS_ON', reverse: true },
  TEST_DEPENDENCY_OF: { type: 'DEPENDS_ON', reverse: true, kind: 'dev' },
  OPTIONAL_DEPENDENCY_OF: { type: 'DEPENDS_ON', reverse: true, kind: 'optional' },
  PROVIDED_DEPENDENCY_OF: { type: 'DEPENDS_ON', reverse: true, kind: 'prod' },
  CONTAINS: { type: 'CONTAINS', reverse: false },
  CONTAINED_BY: { type: 'CONTAINS', reverse: true },
  GENERATED_FROM: { type: 'GENERATED_FROM', reverse: false },
  GENERATES: { type: 'GENERATED_FROM', reverse: true },
  DESCENDANT_OF: { type: 'DESCENDANT_OF', reverse: false },
  ANCESTOR_OF: { type: 'DESCENDANT_OF', reverse: true },
  VARIANT_OF: { type: 'VARIANT_OF', reverse: false },
  // Linking is depending (SPDX 3 keeps them apart only as hasDynamicLink/hasStaticLink).
  DYNAMIC_LINK: { type: 'DEPENDS_ON', reverse: false },
  STATIC_LINK: { type: 'DEPENDS_ON', reverse: false },
});

function checksums(value: unknown, context: ReaderContext): Hash[] | undefined {
  const out: Hash[] = [];
  for (const entry of arr(value)) {
    const checksum = obj(entry);
    const algorithm = str(checksum?.algorithm);
    const digest = str(checksum?.checksumValue);
    if (algorithm !== undefined && digest !== undefined) context.hash(algorithm, digest, out);
  }
  return out.length > 0 ? out : undefined;
}

function licenses(raw: Record<string, unknown>, context: ReaderContext): ComponentLicenses | undefined {
  const out: ComponentLicenses = {};
  const declared = str(raw.licenseDeclared);
  if (declared !== undefined) out.declared = context.license(declared);
  const concluded = str(raw.licenseConcluded);
  if (concluded !== undefined) out.concluded = context.license(concluded);
  return out.declared !== undefined || out.concluded !== undefined ? out : undefined;
}

function externalRefs(raw: Record<string, unknown>, component: Component): void {
  const ids: { type: string; value: string }[] = [];
  for (const entry of arr(raw.externalRefs)) {
    const ref = obj(entry);
    const type = str(ref?.referenceType);
    const locator = str(ref?.referenceLocator);
    if (type === undefined || locator === undefined) continue;
    if (type === 'purl' && component.purl === undefined) component.purl = locator;
    else if (type === 'cpe23Type' || type === 'cpe22Type')
      component.cpes = [...(component.cpes ?? []), locator];
    else ids.push({ type, value: locator });
  }
  if (ids.length > 0) component.identifiers = ids;
}

function readPackage(raw: Record<string, unknown>, context: ReaderContext, index: number): Component {
  const type = typeFromPurpose(raw.primaryPackagePurpose, PURPOSES, 'primaryPackagePurpose', context);
  let id = str(raw.SPDXID);
  if (id === undefined) {
    context.warn('a package has no SPDXID; given a generated one');
    id = `SPDXRef-unnamed-package-${index}`;
  }
  const name = str(raw.name);
  if (name === undefined) context.warn(`package ${id} has no name`);
  const component: Component = { id, type, name: name ?? '' };
  const version = str(raw.versionInfo);
  if (version !== undefined && version !== '') component.version = version;
  externalRefs(raw, component);
  if (component.purl !== undefined) component.purl = context.purl(component.purl, component.version);
  const supplier = parseSpdxActor(str(raw.supplier));
  if (supplier !== undefined) component.supplier = supplier;
  const originator = parseSpdxActor(str(raw.originator));
  if (originator !== undefined) component.originator = originator;
  const componentLicenses = licenses(raw, context);
  if (componentLicenses !== undefined) component.licenses = componentLicenses;
  const hashes = checksums(raw.checksums, context);
  if (hashes !== undefined) component.hashes = hashes;
  spdxPackageText(component, {
    copyright: raw.copyrightText,
    download: raw.downloadLocation,
    homepage: raw.homepage,
    description: raw.description,
    summary: raw.summary,
  });
  if (typeof raw.filesAnalyzed === 'boolean') component.filesAnalyzed = raw.filesAnalyzed;
  return component;
}

function readFile(raw: Record<string, unknown>, context: ReaderContext, index: number): FileEntry {
  const file: FileEntry = {
    id: str(raw.SPDXID) ?? `SPDXRef-unnamed-file-${index}`,
    path: str(raw.fileName) ?? '',
    hashes: checksums(raw.checksums, context) ?? [],
  };
  const fileLicenses: ComponentLicenses = {};
  const concluded = str(raw.licenseConcluded);
  if (concluded !== undefined) fileLicenses.concluded = context.license(concluded);
  if (fileLicenses.concluded !== undefined) file.licenses = fileLicenses;
  const copyright = spdxValue(raw.copyrightText);
  if (copyright !== undefined) file.copyright = copyright;
  return file;
}

function creationInfo(raw: Record<string, unknown>, sbom: Sbom, context: ReaderContext): void {
  const info = obj(raw.creationInfo);
  const created = str(info?.created);
  if (created !== undefined) sbom.document.created = created;
  const tools: ToolInfo[] = [];
  const authors: Party[] = [];
  for (const creator of arr(info?.creators)) {
    const actor = parseSpdxActor(str(creator));
    if (actor === undefined) continue;
    if (actor.kind === 'tool') tools.push(toolFromName(actor.name));
    else authors.push(actor);
  }
  if (tools.length > 0) {
    sbom.document.tools = tools;
    context.writtenBy(tools[0] as ToolInfo);
  }
  if (authors.length > 0) sbom.document.authors = authors;
}

/** Reads a parsed SPDX 2.2 or 2.3 JSON document into the model. */
export function readSpdx2(
  document: Record<string, unknown>,
  specVersion: string,
  context: ReaderContext,
): Sbom {
  const sbom: Sbom = {
    document: { name: str(document.name) ?? 'unnamed' },
    describes: [],
    components: [],
    relationships: [],
    source: { format: 'spdx', specVersion },
  };
  const namespace = str(document.documentNamespace);
  if (namespace !== undefined) sbom.document.namespace = namespace;
  const dataLicense = str(document.dataLicense);
  if (dataLicense !== undefined) sbom.document.dataLicense = dataLicense;
  const comment = str(document.comment);
  if (comment !== undefined) sbom.document.comment = comment;
  creationInfo(document, sbom, context);

  for (const entry of arr(document.hasExtractedLicensingInfos)) {
    const info = obj(entry);
    const id = str(info?.licenseId);
    if (info === undefined || id === undefined) continue;
    const definition = { id, text: str(info.extractedText) ?? '' } as {
      id: string;
      text: string;
      name?: string;
      comment?: string;
    };
    const name = str(info.name);
    if (name !== undefined) definition.name = name;
    const definitionComment = str(info.comment);
    if (definitionComment !== undefined) definition.comment = definitionComment;
    context.define(definition);
  }

  const ids = new Set<string>();
  let index = 0;
  for (const entry of arr(document.packages)) {
    const raw = obj(entry);
    if (raw === undefined) continue;
    const component = readPackage(raw, context, index++);
    if (ids.has(component.id)) context.warn(`SPDXID ${component.id} is used by more than one package`);
    ids.add(component.id);
    sbom.components.push(component);
  }
  const files: FileEntry[] = [];
  index = 0;
  for (const entry of arr(document.files)) {
    const raw = obj(entry);
    if (raw === undefined) continue;
    const file = readFile(raw, context, index++);
    ids.add(file.id);
    files.push(file);
  }
  if (files.length > 0) sbom.files = files;

  const documentId = str(document.SPDXID) ?? 'SPDXRef-DOCUMENT';
  const describes = new Set<string>();
  for (const id of arr(document.documentDescribes)) if (typeof id === 'string') describes.add(id);
  for (const entry of arr(document.relationships)) {
    const raw = obj(entry);
    const left = str(raw?.spdxElementId);
    const right = str(raw?.relatedSpdxElement);
    const type = str(raw?.relationshipType)?.toUpperCase();
    if (left === undefined || right === undefined || type === undefined) {
      context.warn('a relationship lacks spdxElementId, relatedSpdxElement or relationshipType; skipped');
      continue;
    }
    if (type === 'DESCRIBES' && left === documentId) {
      describes.add(right);
      continue;
    }
    if (type === 'DESCRIBED_BY' && right === documentId) {
      describes.add(left);
      continue;
    }
    // "X DEPENDS_ON NONE" states there are none (SPDX 2.3 §11.1): nothing to record.
    if (right === 'NONE' || right === 'NOASSERTION') continue;
    // Other statements about the document itself (AMENDS, CONTAINS…) are not edges between components.
    if (left === documentId || right === documentId) continue;
    if (left.startsWith('DocumentRef-') || right.startsWith('DocumentRef-')) {
      context.warn(
        `relationships to elements of other documents (${left} ${type} ${right}) are not followed; dropped`,
      );
      continue;
    }
    if (!ids.has(left) || !ids.has(right)) {
      context.warn(
        `relationships name elements that are not in the document (${left} ${type} ${right}); dropped`,
      );
      continue;
    }
    const mapped = RELATIONSHIPS[type];
    const relationship: Relationship = mapped
      ? {
          from: mapped.reverse ? right : left,
          to: mapped.reverse ? left : right,
          type: mapped.type,
        }
      : { from: left, to: right, type: 'OTHER', comment: type };
    if (mapped?.kind !== undefined) relationship.dependencyKind = mapped.kind;
    if (mapped?.type === 'DEPENDS_ON' && (type.endsWith('_LINK') || type.startsWith('BUILD_')))
      relationship.comment = type;
    const relationshipComment = str(raw?.comment);
    if (relationshipComment !== undefined && relationship.comment === undefined)
      relationship.comment = relationshipComment;
    // custody's SPDX writer marks peer dependencies by comment: SPDX 2.3 has no type for them.
    if (relationship.type === 'DEPENDS_ON' && relationshipComment === 'peer dependency')
      relationship.dependencyKind = 'peer';
    sbom.relationships.push(relationship);
  }
  for (const id of describes) {
    if (ids.has(id)) sbom.describes.push(id);
    else context.warn(`the document describes ${id}, which is not in it`);
  }
  deriveScopes(sbom.components, sbom.relationships, sbom.describes);
  return sbom;
}
