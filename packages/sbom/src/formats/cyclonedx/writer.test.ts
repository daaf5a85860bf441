import { describe, expect, it } from 'vitest';
import { cyclonedx16SchemaCheck, describeWithReference, SBOM_SCHEMA_PATHS } from '#test-helpers';
import { handBuiltProject } from '../../document/__fixtures__/project.js';
import { assembleSbom } from '../../document/index.js';
import { writeCycloneDxJson } from './writer.js';

interface CdxComponent {
  'bom-ref': string;
  name: string;
  purl?: string;
  scope?: string;
  hashes?: { alg: string; content: string }[];
  licenses?: { license?: { id?: string; acknowledgement?: string }; expression?: string }[];
  externalReferences?: { type: string; url: string }[];
}
interface CdxDocument {
  bomFormat: string;
  specVersion: string;
  serialNumber: string;
  metadata: {
    timestamp: string;
    component: CdxComponent;
    tools: { components: { name: string; version: string }[] };
  };
  components: CdxComponent[];
  dependencies: { ref: string; dependsOn?: string[] }[];
}

const TOOL = { name: 'custody', version: '9.9.9' };

async function written(): Promise<CdxDocument> {
  return JSON.parse(
    await writeCycloneDxJson(assembleSbom(handBuiltProject(), { tool: TOOL, sourceDateEpoch: 1700000000 })),
  );
}

function named(document: CdxDocument, name: string): CdxComponent {
  const found = document.components.find((component) => component.name === name);
  if (found === undefined) throw new Error(`no component ${name}`);
  return found;
}

describeWithReference('CycloneDX 1.6 writer against the official schema', SBOM_SCHEMA_PATHS, () => {
  it('writes a document the CycloneDX 1.6 JSON schema accepts', async () => {
    expect(cyclonedx16SchemaCheck()(await written())).toEqual([]);
  });
});

describe('CycloneDX 1.6 writer', () => {
  it('writes the root as metadata.component, the tool and the creation time', async () => {
    const document = await written();
    expect(document.bomFormat).toBe('CycloneDX');
    expect(document.specVersion).toBe('1.6');
    expect(document.metadata.component.name).toBe('demo-app');
    expect(document.metadata.tools.components).toEqual([
      expect.objectContaining({ type: 'application', name: 'custody', version: '9.9.9' }),
    ]);
    expect(document.metadata.timestamp).toBe('2023-11-14T22:13:20.000Z');
    expect(document.components.map((c) => c.name)).not.toContain('demo-app');
  });

  it('derives the serial number from the namespace: same input, same serial', async () => {
    const [a, b] = [await written(), await written()];
    expect(a.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(b.serialNumber).toBe(a.serialNumber);
  });

  it('maps scopes: dev is excluded, optional stays optional', async () => {
    const document = await written();
    expect(named(document, '@types/node').scope).toBe('excluded');
    expect(named(document, 'fsevents').scope).toBe('optional');
    expect(named(document, 'left-pad').scope).toBe('required');
  });

  it('writes the dependency graph by bom-ref', async () => {
    const document = await written();
    const edges = document.dependencies.flatMap((d) => (d.dependsOn ?? []).map((to) => `${d.ref} -> ${to}`));
    expect(edges.sort()).toEqual(
      [
        'pkg:npm/demo-app@1.0.0 -> pkg:npm/left-pad@1.3.0',
        'pkg:npm/demo-app@1.0.0 -> pkg:npm/%40types/node@20.11.0',
        'pkg:npm/demo-app@1.0.0 -> pkg:npm/fsevents@2.3.3',
        'pkg:npm/%40types/node@20.11.0 -> pkg:npm/undici-types@5.26.5',
      ].sort(),
    );
  });

  it('writes hashes in lowercase hex, purls and the download location', async () => {
    const leftPad = named(await written(), 'left-pad');
    expect(leftPad.purl).toBe('pkg:npm/left-pad@1.3.0');
    expect(leftPad.hashes?.[0]?.alg).toBe('SHA-512');
    expect(leftPad.hashes?.[0]?.content).toMatch(/^b4a24a3f[0-9a-f]{120}$/);
    expect(leftPad.externalReferences).toEqual([
      { type: 'distribution', url: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz' },
    ]);
  });

  it('writes single SPDX ids as license objects and anything else as one expression', async () => {
    const document = await written();
    expect(named(document, 'left-pad').licenses).toEqual([
      { license: { id: 'WTFPL', acknowledgement: 'declared' } },
    ]);
    expect(named(document, 'fsevents').licenses).toEqual([
      { expression: 'LicenseRef-Custom-Terms', acknowledgement: 'declared' },
    ]);
  });
});

describe('CycloneDX licenses', () => {
  it('never writes an invalid expression: free text becomes a LicenseRef- or nothing', async () => {
    const licenses = named(await written(), 'undici-types').licenses ?? [];
    for (const license of licenses) expect(license.expression ?? '').toMatch(/^LicenseRef-[A-Za-z0-9.-]+$/);
  });
});
