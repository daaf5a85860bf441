import type {
  Component,
  FileEntry,
  Hash,
  HashAlgorithm,
  Party,
  Relationship,
  Sbom,
} from '../../model/index.js';
import { spdxIdsFor } from './writer-ids.js';
import { SpdxLicenseWriter } from './writer-licenses.js';

/** SPDX 2.3 checksum algorithms (§7.10) by the model's names; others are not written. */
const CHECKSUM_ALGORITHMS: Partial<Record<HashAlgorithm, string>> = {
  MD5: 'MD5',
  'SHA-1': 'SHA1',
  'SHA-224': 'SHA224',
  'SHA-256': 'SHA256',
  'SHA-384': 'SHA384',
  'SHA-512': 'SHA512',
  'SHA3-256': 'SHA3-256',
  'SHA3-384': 'SHA3-384',
  'SHA3-512': 'SHA3-512',
  'BLAKE2b-256': 'BLAKE2b-256',
  'BLAKE2b-384': 'BLAKE2b-384',
  'BLAKE2b-512': 'BLAKE2b-512',
  BLAKE3: 'BLAKE3',
};

/** SPDX 2.3 primaryPackagePurpose (§7.24) for the model's component types. */
const PURPOSES: Partial<Record<Component['type'], string>> = {
  application: 'APPLICATION',
  framework: 'FRAMEWORK',
  library: 'LIBRARY',
  container: 'CONTAINER',
  'operating-system': 'OPERATING-SYSTEM',
  device: 'DEVICE',
  firmware: 'FIRMWARE',
  file: 'FILE',
  source: 'SOURCE',
};

const DOCUMENT_ID = 'SPDXRef-DOCUMENT';

/** Options of the SPDX writer. */
export interface Spdx2WriteOptions {
  /** Indentation of the JSON text; 2 by default, 0 for one line. */
  indent?: number;
}

type SpdxObject = Record<string, unknown>;

function checksums(hashes: readonly Hash[] | undefined): SpdxObject[] | undefined {
  if (hashes === undefined || hashes.length === 0) return undefined;
  const out: SpdxObject[] = [];
  for (const hash of hashes) {
    const algorithm = CHECKSUM_ALGORITHMS[hash.algorithm];
    // Lowercase hex: SPDX 2.3 §7.10 examples and the schema's readers compare it as written.
    if (algorithm !== undefined) out.push({ algorithm, checksumValue: hash.value.toLowerCase() });
  }
  return out.length > 0 ? out : undefined;
}

/** `Organization: name (email)` (SPDX 2.3 §7.5). */
function partyText(party: Party | undefined): string | undefined {
  if (party === undefined || party.name === '') return undefined;
  const kind = party.kind === 'person' ? 'Person' : party.kind === 'tool' ? 'Tool' : 'Organization';
  return party.email !== undefined ? `${kind}: ${party.name} (${party.email})` : `${kind}: ${party.name}`;
}

/**
 * npm and yarn write a git dependency's commit after `#` (`git+ssh://git@host/repo.git#<sha>`);
 * in an SPDX VCS location `#` starts a sub-path and the revision follows `@` (§7.7), so the
 * commit is moved there.
 */
export function spdxVcsLocation(location: string): string {
  const match = /^(git\+[^#]+?)#([0-9a-f]{7,64})$/i.exec(location);
  return match === null ? location : `${match[1]}@${match[2]}`;
}

/**
 * SPDX download location (§7.7): the component's own, else its VCS origin in the
 * `git+<url>@<commit>` form, else NOASSERTION.
 */
function downloadLocation(component: Component): string {
  if (component.downloadLocation !== undefined && component.downloadLocation !== '')
    return spdxVcsLocation(component.downloadLocation);
  if (component.vcs !== undefined) {
    const url = component.vcs.url.startsWith('git+') ? component.vcs.url : `git+${component.vcs.url}`;
    return component.vcs.commit !== undefined ? `${url}@${component.vcs.commit}` : url;
  }
  return 'NOASSERTION';
}

function packageOf(component: Component, spdxId: string, licenses: SpdxLicenseWriter): SpdxObject {
  const out: SpdxObject = { name: component.name, SPDXID: spdxId };
  if (component.version !== undefined && component.version !== '') out.versionInfo = component.version;
  const supplier = partyText(component.supplier);
  if (supplier !== undefined) out.supplier = supplier;
  const originator = partyText(component.originator);
  if (originator !== undefined) out.originator = originator;
  out.downloadLocation = downloadLocation(component);
  // Packages known from a lockfile were not unpacked: no file list, no verification code (§7.8).
  out.filesAnalyzed = component.filesAnalyzed ?? false;
  const sums = checksums(component.hashes);
  if (sums !== undefined) out.checksums = sums;
  if (component.homepage !== undefined) out.homepage = component.homepage;
  out.licenseConcluded = licenses.field(component.licenses?.concluded);
  out.licenseDeclared = licenses.field(component.licenses?.declared);
  if (component.copyright !== undefined) out.copyrightText = component.copyright;
  if (component.description !== undefined) out.description = component.description;
  const refs: SpdxObject[] = [];
  if (component.purl !== undefined)
    refs.push({
      referenceCategory: 'PACKAGE-MANAGER',
      referenceType: 'purl',
      referenceLocator: component.purl,
    });
  for (const cpe of component.cpes ?? [])
    refs.push({ referenceCategory: 'SECURITY', referenceType: 'cpe23Type', referenceLocator: cpe });
  if (refs.length > 0) out.externalRefs = refs;
  const purpose = PURPOSES[component.type];
  if (purpose !== undefined) out.primaryPackagePurpose = purpose;
  return out;
}

function fileOf(file: FileEntry, spdxId: string, licenses: SpdxLicenseWriter): SpdxObject {
  const out: SpdxObject = {
    fileName: file.path.startsWith('./') ? file.path : `./${file.path.replace(/^\/+/, '')}`,
    SPDXID: spdxId,
    checksums: checksums(file.hashes) ?? [],
    licenseConcluded: licenses.field(file.licenses?.concluded),
  };
  if (file.licenses?.declared !== undefined)
    out.licenseInfoInFiles = [licenses.field(file.licenses.declared)];
  if (file.copyright !== undefined) out.copyrightText = file.copyright;
  return out;
}

/**
 * One model edge as one SPDX relationship. A dev or optional dependency is written as the
 * reverse relationship SPDX 2.3 §11.1 has for it (`B DEV_DEPENDENCY_OF A`,
 * `B OPTIONAL_DEPENDENCY_OF A`), so every edge is written once and carries its kind in the type;
 * production and peer edges are `A DEPENDS_ON B` (peer ones with a comment, SPDX having no type).
 */
function relationshipOf(relationship: Relationship, from: string, to: string): SpdxObject {
  if (relationship.type === 'DEPENDS_ON') {
    if (relationship.dependencyKind === 'dev')
      return { spdxElementId: to, relationshipType: 'DEV_DEPENDENCY_OF', relatedSpdxElement: from };
    if (relationship.dependencyKind === 'optional')
      return { spdxElementId: to, relationshipType: 'OPTIONAL_DEPENDENCY_OF', relatedSpdxElement: from };
    const edge: SpdxObject = { spdxElementId: from, relationshipType: 'DEPENDS_ON', relatedSpdxElement: to };
    if (relationship.dependencyKind === 'peer') edge.comment = 'peer dependency';
    else if (relationship.comment !== undefined) edge.comment = relationship.comment;
    return edge;
  }
  const edge: SpdxObject = {
    spdxElementId: from,
    relationshipType: relationship.type,
    relatedSpdxElement: to,
  };
  if (relationship.comment !== undefined) edge.comment = relationship.comment;
  return edge;
}

/** The SPDX 2.3 JSON document of a model, as an object (see {@link writeSpdx2Json}). */
export function toSpdx2Document(sbom: Sbom): SpdxObject {
  const licenses = new SpdxLicenseWriter(sbom.licenseDefinitions);
  const packageIds = spdxIdsFor(
    sbom.components.map((component) => component.id),
    'Package',
  );
  const files = sbom.files ?? [];
  const fileIds = spdxIdsFor(
    files.map((file) => file.id),
    'File',
  );
  const idOf = (id: string): string => {
    const spdxId = packageIds.get(id) ?? fileIds.get(id);
    // A relationship naming an element the document lacks would be dangling (lint rule
    // spdx-relationship-dangling); writing one is a bug in whoever built the model.
    if (spdxId === undefined)
      throw new Error(`the SBOM model has a relationship to ${id}, which is not in it`);
    return spdxId;
  };
  const packages = sbom.components.map((component) =>
    packageOf(component, packageIds.get(component.id)!, licenses),
  );
  const spdxFiles = files.map((file) => fileOf(file, fileIds.get(file.id)!, licenses));
  const relationships: SpdxObject[] = sbom.describes.map((id) => ({
    spdxElementId: DOCUMENT_ID,
    relationshipType: 'DESCRIBES',
    relatedSpdxElement: idOf(id),
  }));
  for (const relationship of sbom.relationships) {
    if (relationship.type === 'DESCRIBES') continue;
    relationships.push(relationshipOf(relationship, idOf(relationship.from), idOf(relationship.to)));
  }
  const creators = (sbom.document.tools ?? []).map((tool) =>
    tool.version !== undefined ? `Tool: ${tool.name}-${tool.version}` : `Tool: ${tool.name}`,
  );
  for (const author of sbom.document.authors ?? []) {
    const text = partyText(author);
    if (text !== undefined) creators.push(text);
  }
  if (creators.length === 0) creators.push('Tool: custody');
  const document: SpdxObject = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: sbom.document.dataLicense ?? 'CC0-1.0',
    SPDXID: DOCUMENT_ID,
    name: sbom.document.name,
    documentNamespace: sbom.document.namespace,
    creationInfo: {
      created: sbom.document.created ?? `${new Date().toISOString().slice(0, 19)}Z`,
      creators,
    },
  };
  if (sbom.document.comment !== undefined) document.comment = sbom.document.comment;
  document.packages = packages;
  if (spdxFiles.length > 0) document.files = spdxFiles;
  document.relationships = relationships;
  const extracted = licenses.extractedLicensingInfos();
  if (extracted.length > 0) document.hasExtractedLicensingInfos = extracted;
  return document;
}

/**
 * Writes a model as an SPDX 2.3 JSON document (https://spdx.github.io/spdx-spec/v2.3/), by
 * hand rather than through a library: it is the default format and the path that must stay fast.
 * The output ends with a newline; the same model gives the same bytes.
 */
export function writeSpdx2Json(sbom: Sbom, options: Spdx2WriteOptions = {}): string {
  if (sbom.document.namespace === undefined)
    throw new Error('an SPDX document needs a namespace: assemble the SBOM with assembleSbom first');
  return `${JSON.stringify(toSpdx2Document(sbom), null, options.indent ?? 2)}\n`;
}
