import { lookupTable } from '../../license/table.js';
import type {
  Component,
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
  type ReaderContext,
  spdxPackageText,
  str,
  toolFromName,
  typeFromPurpose,
} from '../reader-context.js';
import { deriveScopes } from '../spdx2/reader-scope.js';
import { type Element, Graph, idOf, relationshipKey, typeOf } from './reader-elements.js';

/** SPDX 3.0.1 Software/SoftwarePurpose onto the model's types. */
const PURPOSES = lookupTable<ComponentType>({
  application: 'application',
  framework: 'framework',
  library: 'library',
  container: 'container',
  operatingsystem: 'operating-system',
  device: 'device',
  firmware: 'firmware',
  source: 'source',
  archive: 'file',
  file: 'file',
  install: 'application',
  data: 'data',
  model: 'machine-learning-model',
  platform: 'platform',
});

/**
 * SPDX 3.0.1 Core/RelationshipType as model edges (keys without case or underscores); linking
 * is depending, and `generates` is the reverse of the model's GENERATED_FROM. `hasDynamicLink`
 * is read the way SPDX's own tools write it: Spdx-Java-Library's 2-to-3 converter turns
 * `A DYNAMIC_LINK B` into `B hasDynamicLink A` (and spdx-maven-plugin's examplemaven documents
 * show it), while `STATIC_LINK` keeps its direction.
 */
const RELATIONSHIPS = lookupTable<{ type: RelationshipType; reverse: boolean }>({
  dependson: { type: 'DEPENDS_ON', reverse: false },
  hasdynamiclink: { type: 'DEPENDS_ON', reverse: true },
  hasstaticlink: { type: 'DEPENDS_ON', reverse: false },
  contains: { type: 'CONTAINS', reverse: false },
  generates: { type: 'GENERATED_FROM', reverse: true },
  descendantof: { type: 'DESCENDANT_OF', reverse: false },
  ancestorof: { type: 'DESCENDANT_OF', reverse: true },
  hasvariant: { type: 'VARIANT_OF', reverse: true },
});

/**
 * LifecycleScopeType of a scoped dependency. `build` is not dev: what is needed to build may be
 * compiled or bundled into what ships.
 */
const LIFECYCLE_KINDS = lookupTable<DependencyKind>({
  runtime: 'prod',
  development: 'dev',
  test: 'dev',
  design: 'dev',
});

const LICENSE_RELATIONSHIPS = new Set(['hasdeclaredlicense', 'hasconcludedlicense']);

/**
 * The Hash entries of `verifiedUsing`. A package's PackageVerificationCode is no hash of the
 * package and is skipped; on a file it can only be the file's hash (sbom-tool types its file
 * hashes so), and is read as one.
 */
function hashes(element: Element, context: ReaderContext, isFile = false): Hash[] | undefined {
  const out: Hash[] = [];
  for (const entry of arr(element.verifiedUsing)) {
    const integrity = obj(entry);
    const type = integrity === undefined ? '' : typeOf(integrity);
    if (type === 'PackageVerificationCode' && isFile)
      context.warn('file hashes typed PackageVerificationCode read as hashes');
    else if (type !== 'Hash' && type !== '') continue;
    const algorithm = str(integrity?.algorithm);
    const value = str(integrity?.hashValue);
    if (algorithm !== undefined && value !== undefined) context.hash(algorithm, value, out);
  }
  return out.length > 0 ? out : undefined;
}

function identifiers(element: Element, graph: Graph, component: Component): void {
  const purl = str(element.software_packageUrl);
  if (purl !== undefined && purl !== '') component.purl = purl;
  const others: { type: string; value: string }[] = [];
  // `externalIdentifiers` (plural) is not the 3.0.1 name, but generators write it.
  for (const entry of [...arr(element.externalIdentifier), ...arr(element.externalIdentifiers)]) {
    const identifier = graph.resolve(entry);
    const type = str(identifier?.externalIdentifierType);
    const value = str(identifier?.identifier);
    if (type === undefined || value === undefined) continue;
    if ((type === 'packageUrl' || type === 'purl') && component.purl === undefined) component.purl = value;
    else if (type === 'cpe23' || type === 'cpe22') component.cpes = [...(component.cpes ?? []), value];
    else if (type !== 'packageUrl' && type !== 'purl') others.push({ type, value });
  }
  if (others.length > 0) component.identifiers = others;
}

function readPackage(element: Element, id: string, graph: Graph, context: ReaderContext): Component {
  const type = typeFromPurpose(element.software_primaryPurpose, PURPOSES, 'software_primaryPurpose', context);
  const name = str(element.name);
  if (name === undefined) context.warn(`package ${id} has no name`);
  const component: Component = { id, type, name: name ?? '' };
  const version = str(element.software_packageVersion);
  if (version !== undefined && version !== '') component.version = version;
  identifiers(element, graph, component);
  if (component.purl !== undefined) component.purl = context.purl(component.purl, component.version);
  const supplier = graph.party(element.suppliedBy);
  if (supplier !== undefined) component.supplier = supplier;
  const originator = graph.party(arr(element.originatedBy)[0] ?? element.originatedBy);
  if (originator !== undefined) component.originator = originator;
  const componentHashes = hashes(element, context);
  if (componentHashes !== undefined) component.hashes = componentHashes;
  spdxPackageText(component, {
    copyright: element.software_copyrightText,
    download: element.software_downloadLocation,
    homepage: element.software_homePage,
    description: element.description,
    summary: element.summary,
  });
  return component;
}

/** Reads a parsed SPDX 3.0 JSON-LD document (its `@graph`) into the model. */
export function readSpdx3(document: Record<string, unknown>, context: ReaderContext): Sbom {
  const elements = arr(document['@graph']);
  const graph = new Graph(elements, context);
  const sbom: Sbom = {
    document: { name: 'unnamed' },
    describes: [],
    components: [],
    relationships: [],
    source: { format: 'spdx', specVersion: '3.0' },
  };
  const ends = new Set<string>();
  const files: FileEntry[] = [];
  const relationships: Element[] = [];
  let spdxDocument: Element | undefined;
  const sboms: Element[] = [];
  for (const entry of elements) {
    const element = obj(entry);
    if (element === undefined) continue;
    const type = typeOf(element);
    const id = idOf(element);
    if (type === 'Relationship' || type === 'LifecycleScopedRelationship') relationships.push(element);
    else if (type === 'SpdxDocument') spdxDocument ??= element;
    else if (type === 'software_Sbom' || type === 'Bom') sboms.push(element);
    else if (id === undefined) continue;
    else if (type === 'software_Package' || type === 'ai_AIPackage' || type === 'dataset_DatasetPackage') {
      const component = readPackage(element, id, graph, context);
      // The AI and Dataset profiles' packages are Packages too (SPDX 3.0.1 class hierarchy).
      if (type === 'ai_AIPackage' && component.type === 'library') component.type = 'machine-learning-model';
      if (type === 'dataset_DatasetPackage' && component.type === 'library') component.type = 'data';
      sbom.components.push(component);
      ends.add(id);
    } else if (type === 'software_File') {
      files.push({ id, path: str(element.name) ?? '', hashes: hashes(element, context, true) ?? [] });
      ends.add(id);
    }
  }

  documentInfo(spdxDocument, graph, sbom, context);
  const byId = new Map(sbom.components.map((c) => [c.id, c]));
  const filesById = new Map(files.map((f) => [f.id, f]));
  const describes = new Set<string>();
  const declared = new Map<string, string[]>();
  const concluded = new Map<string, string[]>();
  const documentIds = new Set([spdxDocument && idOf(spdxDocument), ...sboms.map(idOf), 'SPDXRef-DOCUMENT']);
  for (const raw of relationships) {
    const from = str(raw.from);
    const rawType = str(raw.relationshipType);
    const targets = arr(raw.to).filter((t): t is string => typeof t === 'string');
    if (from === undefined || rawType === undefined) {
      context.warn('a relationship lacks from or relationshipType; skipped');
      continue;
    }
    const key = relationshipKey(rawType);
    if (key === 'describes') {
      if (documentIds.has(from)) for (const target of targets) describes.add(target);
      continue;
    }
    if (LICENSE_RELATIONSHIPS.has(key)) {
      const into = key === 'hasdeclaredlicense' ? declared : concluded;
      const list = into.get(from) ?? [];
      list.push(...targets);
      into.set(from, list);
      continue;
    }
    const mapped = RELATIONSHIPS[key];
    const scope = str(raw.scope);
    for (const target of targets) {
      if (!ends.has(from) || !ends.has(target)) {
        if (mapped !== undefined)
          context.warn(`${rawType} relationships name elements that are neither packages nor files; dropped`);
        continue;
      }
      const relationship: Relationship = mapped
        ? { from: mapped.reverse ? target : from, to: mapped.reverse ? from : target, type: mapped.type }
        : { from, to: target, type: 'OTHER', comment: rawType };
      if (mapped !== undefined && key !== 'dependson' && key !== 'contains') relationship.comment = rawType;
      if (mapped?.type === 'DEPENDS_ON' && scope !== undefined) {
        const kind = LIFECYCLE_KINDS[scope];
        if (kind !== undefined) relationship.dependencyKind = kind;
      }
      sbom.relationships.push(relationship);
    }
  }
  for (const [from, targets] of declared) licensesOf(from, 'declared', targets, graph, byId, filesById);
  for (const [from, targets] of concluded) licensesOf(from, 'concluded', targets, graph, byId, filesById);
  if (files.length > 0) sbom.files = files;

  // Roots: `describes` relationships, else the document's (or its Sbom's) rootElement.
  if (describes.size === 0) {
    const roots = [...sboms.flatMap((s) => arr(s.rootElement)), ...arr(spdxDocument?.rootElement)];
    for (const root of roots) if (typeof root === 'string' && !documentIds.has(root)) describes.add(root);
  }
  for (const id of describes) {
    if (byId.has(id) || filesById.has(id)) sbom.describes.push(id);
    else context.warn(`the document describes ${id}, which is not a package or file in it`);
  }
  deriveScopes(sbom.components, sbom.relationships, sbom.describes);
  return sbom;
}

function licensesOf(
  from: string,
  kind: 'declared' | 'concluded',
  targets: string[],
  graph: Graph,
  components: Map<string, Component>,
  files: Map<string, FileEntry>,
): void {
  const holder = components.get(from) ?? files.get(from);
  if (holder === undefined) return;
  const statement = graph.licenses(targets);
  if (statement === undefined) return;
  holder.licenses ??= {};
  holder.licenses[kind] = statement;
}

function documentInfo(element: Element | undefined, graph: Graph, sbom: Sbom, context: ReaderContext): void {
  if (element === undefined) {
    context.warn('no SpdxDocument element in @graph');
    return;
  }
  const name = str(element.name);
  if (name !== undefined) sbom.document.name = name;
  const id = idOf(element);
  if (id !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(id) && !id.startsWith('_:'))
    sbom.document.namespace = id;
  const comment = str(element.comment);
  if (comment !== undefined) sbom.document.comment = comment;
  const dataLicense = str(element.dataLicense);
  if (dataLicense !== undefined) {
    const resolved = graph.byId.get(dataLicense);
    sbom.document.dataLicense =
      str(resolved?.simplelicensing_licenseExpression) ??
      str(resolved?.name) ??
      dataLicense.replace(/^https?:\/\/spdx\.org\/licenses\//, '');
  }
  const info = graph.resolve(element.creationInfo);
  const specVersion = str(info?.specVersion);
  if (specVersion !== undefined && sbom.source !== undefined) {
    sbom.source.specVersion = specVersion.split('.').slice(0, 2).join('.');
  }
  const created = str(info?.created);
  if (created !== undefined) sbom.document.created = created;
  const authors: Party[] = [];
  for (const agent of arr(info?.createdBy)) {
    const party = graph.party(agent);
    if (party !== undefined) authors.push(party);
  }
  if (authors.length > 0) sbom.document.authors = authors;
  const tools: ToolInfo[] = [];
  for (const entry of arr(info?.createdUsing)) {
    const name = str(graph.resolve(entry)?.name);
    if (name !== undefined) tools.push(toolFromName(name));
  }
  if (tools.length > 0) {
    sbom.document.tools = tools;
    context.writtenBy(tools[0] as ToolInfo);
  }
}
