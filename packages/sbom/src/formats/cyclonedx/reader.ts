import { lookupTable } from '../../license/table.js';
import type {
  Component,
  ComponentScope,
  ComponentType,
  Hash,
  Party,
  Relationship,
  Sbom,
  ToolInfo,
} from '../../model/index.js';
import { arr, obj, type ReaderContext, str } from '../reader-context.js';
import { readCycloneDxLicenses } from './reader-licenses.js';

const COMPONENT_TYPES = new Set<ComponentType>([
  'application',
  'framework',
  'library',
  'container',
  'platform',
  'operating-system',
  'device',
  'firmware',
  'file',
  'data',
  'machine-learning-model',
  'cryptographic-asset',
  'source',
]);

/** CycloneDX 1.4–1.6 `scope`: `excluded` means not part of the shipped whole, the model's `dev`. */
const SCOPES = lookupTable<ComponentScope>({
  required: 'required',
  optional: 'optional',
  excluded: 'dev',
});

interface Walk {
  context: ReaderContext;
  components: Component[];
  relationships: Relationship[];
  byRef: Map<string, Component>;
  generated: number;
}

function party(value: unknown, kind: Party['kind']): Party | undefined {
  if (value === undefined) return undefined;
  const entity = obj(value);
  if (entity === undefined) return undefined;
  const contact = entity.contact === undefined ? undefined : obj(arr(entity.contact)[0]);
  const name = str(entity.name) ?? str(contact?.name);
  if (name === undefined || name.trim() === '') return undefined;
  const out: Party = { kind, name };
  const email = str(contact?.email) ?? str(entity.email);
  if (email !== undefined) out.email = email;
  const url = entity.url === undefined ? undefined : str(arr(entity.url)[0]);
  if (url !== undefined) out.url = url;
  return out;
}

// The loops that run once per component are indexed: a read runs once per process, before V8
// optimizes it, and there for-of pays an iterator and a result object each step, even over the
// empty arrays most components have.

function hashes(value: unknown, context: ReaderContext): Hash[] | undefined {
  const out: Hash[] = [];
  const entries = arr(value);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const hash = obj(entry);
    const alg = str(hash?.alg);
    const content = str(hash?.content);
    if (alg !== undefined && content !== undefined) context.hash(alg, content, out);
  }
  return out.length > 0 ? out : undefined;
}

function identifiers(raw: Record<string, unknown>): { type: string; value: string }[] | undefined {
  // Most components have none of these: skip the allocation.
  if (raw.swid === undefined && raw.omniborId === undefined && raw.swhid === undefined) return undefined;
  const out: { type: string; value: string }[] = [];
  const swid = obj(raw.swid);
  const tagId = str(swid?.tagId);
  if (tagId !== undefined) out.push({ type: 'swid', value: tagId });
  for (const value of arr(raw.omniborId))
    if (typeof value === 'string') out.push({ type: 'omniborId', value });
  for (const value of arr(raw.swhid)) if (typeof value === 'string') out.push({ type: 'swhid', value });
  return out.length > 0 ? out : undefined;
}

function externalReferences(raw: Record<string, unknown>, component: Component): void {
  const references = arr(raw.externalReferences);
  for (let i = 0; i < references.length; i++) {
    const entry = references[i];
    const reference = obj(entry);
    const url = str(reference?.url);
    if (url === undefined) continue;
    const type = str(reference?.type);
    if (type === 'distribution' && component.downloadLocation === undefined) component.downloadLocation = url;
    else if (type === 'website' && component.homepage === undefined) component.homepage = url;
    else if (type === 'vcs' && component.vcs === undefined) component.vcs = { url };
  }
}

function uniqueRef(walk: Walk, wanted: string | undefined): string {
  if (wanted !== undefined && wanted !== '' && !walk.byRef.has(wanted)) return wanted;
  if (wanted !== undefined && wanted !== '')
    walk.context.warn(`bom-ref "${wanted}" is used by more than one component; later ones renamed`);
  let id: string;
  do id = `component-${++walk.generated}`;
  while (walk.byRef.has(id));
  return id;
}

function readComponent(raw: Record<string, unknown>, walk: Walk, parent: string | undefined): Component {
  const { context } = walk;
  const wantedType = str(raw.type);
  let type: ComponentType = 'library';
  if (wantedType !== undefined && COMPONENT_TYPES.has(wantedType as ComponentType))
    type = wantedType as ComponentType;
  else context.warn(`component type "${wantedType ?? '(missing)'}" is not a CycloneDX type; read as library`);
  const name = str(raw.name);
  if (name === undefined) context.warn('a component has no name');
  const component: Component = { id: uniqueRef(walk, str(raw['bom-ref'])), type, name: name ?? '' };
  const version = str(raw.version);
  if (version !== undefined && version !== '') component.version = version;
  const group = str(raw.group);
  if (group !== undefined && group !== '') component.group = group;
  const purl = str(raw.purl);
  if (purl !== undefined && purl !== '') component.purl = context.purl(purl, component.version);
  const cpe = str(raw.cpe);
  if (cpe !== undefined && cpe !== '') component.cpes = [cpe];
  const ids = identifiers(raw);
  if (ids !== undefined) component.identifiers = ids;
  const supplier = party(raw.supplier, 'organization');
  if (supplier !== undefined) component.supplier = supplier;
  // CycloneDX's publisher (or 1.6 manufacturer) is who the component came from: SPDX's originator.
  const publisher = str(raw.publisher);
  const originator: Party | undefined =
    publisher !== undefined && publisher.trim() !== ''
      ? { kind: 'unknown', name: publisher }
      : party(raw.manufacturer, 'organization');
  if (originator !== undefined) component.originator = originator;
  if (raw.authors !== undefined || raw.author !== undefined) {
    const authors: Party[] = [];
    for (const entry of arr(raw.authors)) {
      const author = party(entry, 'person');
      if (author !== undefined) authors.push(author);
    }
    const author = str(raw.author);
    if (author !== undefined && author.trim() !== '') authors.push({ kind: 'person', name: author });
    if (authors.length > 0) component.authors = authors;
  }
  const licenses = readCycloneDxLicenses(raw.licenses, context);
  if (licenses !== undefined) component.licenses = licenses;
  const copyright = str(raw.copyright);
  if (copyright !== undefined) component.copyright = copyright;
  const componentHashes = hashes(raw.hashes, context);
  if (componentHashes !== undefined) component.hashes = componentHashes;
  externalReferences(raw, component);
  const description = str(raw.description);
  if (description !== undefined) component.description = description;
  const scope = str(raw.scope);
  if (scope !== undefined) {
    const mapped = SCOPES[scope];
    if (mapped !== undefined) component.scope = mapped;
    else context.warn(`component scope "${scope}" is not a CycloneDX scope; ignored`);
  }
  let properties: Record<string, string> | undefined;
  const entries = arr(raw.properties);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const property = obj(entry);
    const key = str(property?.name);
    const value = str(property?.value);
    if (key === undefined || value === undefined) continue;
    properties ??= {};
    properties[key] = value;
  }
  if (properties !== undefined) component.properties = properties;
  walk.byRef.set(component.id, component);
  walk.components.push(component);
  if (parent !== undefined) walk.relationships.push({ from: parent, to: component.id, type: 'CONTAINS' });
  readComponents(raw.components, walk, component.id);
  return component;
}

/** Nested `components` are sub-components of their parent (CycloneDX 1.6 §components): a CONTAINS edge. */
function readComponents(value: unknown, walk: Walk, parent: string | undefined): void {
  const entries = arr(value);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const raw = obj(entry);
    if (raw === undefined) {
      walk.context.warn('a components entry is not an object; skipped');
      continue;
    }
    readComponent(raw, walk, parent);
  }
}

function tools(metadata: Record<string, unknown> | undefined): ToolInfo[] | undefined {
  // 1.4: an array of tools; 1.5+: {components, services}, the array form deprecated.
  const value = metadata?.tools;
  const entries = Array.isArray(value)
    ? value
    : [...arr(obj(value)?.components), ...arr(obj(value)?.services)];
  const out: ToolInfo[] = [];
  for (const entry of entries) {
    const tool = obj(entry);
    const name = str(tool?.name);
    if (tool === undefined || name === undefined) continue;
    const info: ToolInfo = { name };
    const version = str(tool.version);
    if (version !== undefined) info.version = version;
    const vendor = str(tool.vendor) ?? str(tool.group) ?? str(tool.publisher);
    if (vendor !== undefined) info.vendor = vendor;
    out.push(info);
  }
  return out.length > 0 ? out : undefined;
}

function dependencies(value: unknown, walk: Walk): void {
  const entries = arr(value);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const dependency = obj(entry);
    const from = str(dependency?.ref);
    if (from === undefined) continue;
    if (!walk.byRef.has(from)) {
      walk.context.warn(`dependencies name bom-ref "${from}", which no component has; its edges are dropped`);
      continue;
    }
    const targets = arr(dependency?.dependsOn);
    // A ref listed twice is one edge; most lists are short, so a set only where it can matter.
    const seen = targets.length > 1 ? new Set<string>() : undefined;
    for (let j = 0; j < targets.length; j++) {
      const target = targets[j];
      if (typeof target !== 'string' || seen?.has(target)) continue;
      seen?.add(target);
      if (!walk.byRef.has(target)) {
        walk.context.warn(`dependency on bom-ref "${target}", which no component has; dropped`);
        continue;
      }
      walk.relationships.push({ from, to: target, type: 'DEPENDS_ON' });
    }
  }
}

/** Reads a parsed CycloneDX 1.4, 1.5 or 1.6 JSON document into the model. */
export function readCycloneDx(
  document: Record<string, unknown>,
  specVersion: string,
  context: ReaderContext,
): Sbom {
  const walk: Walk = { context, components: [], relationships: [], byRef: new Map(), generated: 0 };
  const metadata = obj(document.metadata);
  const describes: string[] = [];
  const rootRaw = obj(metadata?.component);
  let rootName: string | undefined;
  if (rootRaw !== undefined) {
    const root = readComponent(rootRaw, walk, undefined);
    describes.push(root.id);
    rootName = root.name;
  }
  readComponents(document.components, walk, undefined);
  dependencies(document.dependencies, walk);

  const sbom: Sbom = {
    document: { name: rootName ?? 'unnamed' },
    describes,
    components: walk.components,
    relationships: walk.relationships,
    source: { format: 'cyclonedx', specVersion },
  };
  const serial = str(document.serialNumber);
  if (serial !== undefined) sbom.document.namespace = serial;
  const created = str(metadata?.timestamp);
  if (created !== undefined) sbom.document.created = created;
  const toolInfo = tools(metadata);
  if (toolInfo !== undefined) sbom.document.tools = toolInfo;
  const authors: Party[] = [];
  for (const entry of arr(metadata?.authors)) {
    const author = party(entry, 'person');
    if (author !== undefined) authors.push(author);
  }
  if (authors.length > 0) sbom.document.authors = authors;
  const supplier = party(metadata?.supplier, 'organization');
  if (supplier !== undefined) sbom.document.supplier = supplier;
  return sbom;
}
