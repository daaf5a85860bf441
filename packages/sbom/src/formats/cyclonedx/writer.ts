import type * as CDX from '@cyclonedx/cyclonedx-library';
import { serialNumberFor } from '../../document/identity.js';
import type { Component, ComponentType, Party, Sbom } from '../../model/index.js';
import type { Library } from './library.js';
import { cycloneDxLicenses } from './writer-licenses.js';

/** Options of the CycloneDX writer. */
export interface CycloneDxWriteOptions {
  /** Indentation of the JSON text; 2 by default. */
  indent?: number;
}

/** CycloneDX 1.6 has no `source` component type; a source tree is written as a `file`. */
function componentTypeOf(type: ComponentType): CDX.Enums.ComponentType {
  return (type === 'source' ? 'file' : type) as CDX.Enums.ComponentType;
}

function organizationOf(CDX: Library, party: Party | undefined): CDX.Models.OrganizationalEntity | undefined {
  if (party === undefined || party.name === '') return undefined;
  const entity = new CDX.Models.OrganizationalEntity({ name: party.name });
  if (party.email !== undefined)
    entity.contact.add(new CDX.Models.OrganizationalContact({ email: party.email }));
  return entity;
}

function componentOf(CDX: Library, component: Component): CDX.Models.Component {
  const out = new CDX.Models.Component(componentTypeOf(component.type), component.name, {
    bomRef: component.id,
  });
  if (component.version !== undefined && component.version !== '') out.version = component.version;
  if (component.group !== undefined) out.group = component.group;
  if (component.purl !== undefined) out.purl = component.purl;
  if (component.description !== undefined) out.description = component.description;
  if (component.copyright !== undefined) out.copyright = component.copyright;
  const supplier = organizationOf(CDX, component.supplier);
  if (supplier !== undefined) out.supplier = supplier;
  if (component.cpes?.[0] !== undefined) out.cpe = component.cpes[0];
  // scope: `excluded` is CycloneDX's "not part of what ships", the model's dev scope (§ scope).
  if (component.scope === 'dev') out.scope = CDX.Enums.ComponentScope.Excluded;
  else if (component.scope === 'optional') out.scope = CDX.Enums.ComponentScope.Optional;
  else if (component.scope === 'required') out.scope = CDX.Enums.ComponentScope.Required;
  for (const hash of component.hashes ?? []) {
    const algorithm = hash.algorithm as CDX.Enums.HashAlgorithm;
    if (Object.values(CDX.Enums.HashAlgorithm).includes(algorithm))
      out.hashes.set(algorithm, hash.value.toLowerCase());
  }
  for (const license of cycloneDxLicenses(CDX, component.licenses)) out.licenses.add(license);
  const Reference = CDX.Models.ExternalReference;
  if (component.downloadLocation !== undefined && component.downloadLocation !== 'NOASSERTION')
    out.externalReferences.add(
      new Reference(component.downloadLocation, CDX.Enums.ExternalReferenceType.Distribution),
    );
  if (component.homepage !== undefined)
    out.externalReferences.add(new Reference(component.homepage, CDX.Enums.ExternalReferenceType.Website));
  if (component.vcs !== undefined) {
    const comment = component.vcs.commit !== undefined ? `commit ${component.vcs.commit}` : undefined;
    out.externalReferences.add(
      new Reference(
        component.vcs.url,
        CDX.Enums.ExternalReferenceType.VCS,
        comment !== undefined ? { comment } : {},
      ),
    );
  }
  for (const [name, value] of Object.entries(component.properties ?? {}))
    out.properties.add(new CDX.Models.Property(name, value));
  return out;
}

/** The CycloneDX 1.6 BOM of a model, as the library's object model. */
export async function toCycloneDxBom(sbom: Sbom): Promise<CDX.Models.Bom> {
  // Loaded here, not at the top: the library is large, and SPDX output must not pay for it.
  const { CDX } = await import('./library.js');
  const bom = new CDX.Models.Bom();
  if (sbom.document.namespace !== undefined) bom.serialNumber = serialNumberFor(sbom.document.namespace);
  if (sbom.document.created !== undefined) bom.metadata.timestamp = new Date(sbom.document.created);
  for (const tool of sbom.document.tools ?? []) {
    const toolComponent = new CDX.Models.Component(CDX.Enums.ComponentType.Application, tool.name);
    if (tool.version !== undefined) toolComponent.version = tool.version;
    bom.metadata.tools.components.add(toolComponent);
  }
  const supplier = organizationOf(CDX, sbom.document.supplier);
  if (supplier !== undefined) bom.metadata.supplier = supplier;
  const byId = new Map<string, CDX.Models.Component>();
  for (const component of sbom.components) byId.set(component.id, componentOf(CDX, component));
  const rootId = sbom.describes[0];
  for (const [id, component] of byId) {
    if (id === rootId) bom.metadata.component = component;
    else bom.components.add(component);
  }
  for (const relationship of sbom.relationships) {
    if (relationship.type !== 'DEPENDS_ON') continue;
    const from = byId.get(relationship.from);
    const to = byId.get(relationship.to);
    if (from === undefined || to === undefined)
      throw new Error(
        `the SBOM model has a dependency ${relationship.from} -> ${relationship.to} on a missing component`,
      );
    from.dependencies.add(to.bomRef);
  }
  return bom;
}

/**
 * Writes a model as CycloneDX 1.6 JSON through `@cyclonedx/cyclonedx-library`, the format's
 * reference implementation, with lists sorted so that the same model gives the same bytes. The
 * serial number is a name-based UUID of the SPDX namespace, hence reproducible with it.
 */
export async function writeCycloneDxJson(sbom: Sbom, options: CycloneDxWriteOptions = {}): Promise<string> {
  const { CDX } = await import('./library.js');
  const bom = await toCycloneDxBom(sbom);
  const serializer = new CDX.Serialize.JsonSerializer(
    new CDX.Serialize.JSON.Normalize.Factory(CDX.Spec.Spec1dot6),
  );
  return `${serializer.serialize(bom, { sortLists: true, space: options.indent ?? 2 })}\n`;
}
