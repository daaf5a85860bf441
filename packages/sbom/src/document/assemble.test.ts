import { describe, expect, it } from 'vitest';
import { handBuiltProject } from './__fixtures__/project.js';
import { assembleSbom, parseParty } from './assemble.js';
import { isValidDocumentNamespace, nameBasedUuid, serialNumberFor } from './identity.js';

const TOOL = { name: 'custody', version: '1.0.0' };

describe('assembleSbom', () => {
  it('puts the root first, the rest by id, and relationships sorted without duplicates', () => {
    const project = handBuiltProject();
    project.components.reverse();
    project.relationships.push({ ...project.relationships[0]! });
    const sbom = assembleSbom(project, { tool: TOOL, sourceDateEpoch: 0 });
    const ids = sbom.components.map((c) => c.id);
    expect(ids[0]).toBe('pkg:npm/demo-app@1.0.0');
    expect(ids.slice(1)).toEqual([...ids.slice(1)].sort());
    expect(sbom.relationships).toHaveLength(4);
    expect(sbom.describes).toEqual(['pkg:npm/demo-app@1.0.0']);
  });

  it('with SOURCE_DATE_EPOCH gives the same namespace for the same content in any input order', () => {
    const a = assembleSbom(handBuiltProject(), { tool: TOOL, sourceDateEpoch: 1 });
    const shuffled = handBuiltProject();
    shuffled.components.reverse();
    shuffled.relationships.reverse();
    const b = assembleSbom(shuffled, { tool: TOOL, sourceDateEpoch: 1 });
    expect(b).toEqual(a);
    expect(a.document.created).toBe('1970-01-01T00:00:01Z');
  });

  it('with SOURCE_DATE_EPOCH gives another namespace when the content differs', () => {
    const a = assembleSbom(handBuiltProject(), { tool: TOOL, sourceDateEpoch: 1 });
    const changed = handBuiltProject();
    changed.components.pop();
    changed.relationships.pop();
    const b = assembleSbom(changed, { tool: TOOL, sourceDateEpoch: 1 });
    expect(b.document.namespace).not.toBe(a.document.namespace);
  });

  it('without SOURCE_DATE_EPOCH uses the clock and a random namespace', () => {
    const now = () => new Date('2026-01-02T03:04:05.678Z');
    const a = assembleSbom(handBuiltProject(), { tool: TOOL, now });
    const b = assembleSbom(handBuiltProject(), { tool: TOOL, now });
    expect(a.document.created).toBe('2026-01-02T03:04:05Z');
    expect(a.document.namespace).not.toBe(b.document.namespace);
  });

  it('makes namespaces that are absolute URIs without # (SPDX 2.3 §6.5)', () => {
    const project = handBuiltProject();
    project.root.name = '@scope/app #1';
    const namespace = assembleSbom(project, { tool: TOOL, sourceDateEpoch: 0 }).document.namespace!;
    expect(isValidDocumentNamespace(namespace)).toBe(true);
    expect(namespace.startsWith('https://spdx.org/spdxdocs/custody/%40scope%2Fapp%20%231-1.0.0-')).toBe(true);
  });

  it('applies --name, --version, --supplier and --namespace', () => {
    const sbom = assembleSbom(handBuiltProject(), {
      tool: TOOL,
      name: 'shop',
      version: '2.0.0',
      supplier: 'Organization: ACME (ops@acme.test)',
      namespace: 'https://acme.test/sboms/shop-2.0.0',
    });
    expect(sbom.components[0]).toMatchObject({ name: 'shop', version: '2.0.0' });
    expect(sbom.components[0]!.supplier).toEqual({
      kind: 'organization',
      name: 'ACME',
      email: 'ops@acme.test',
    });
    expect(sbom.document.name).toBe('shop@2.0.0');
    expect(sbom.document.namespace).toBe('https://acme.test/sboms/shop-2.0.0');
  });
});

describe('document identity', () => {
  it.each([
    ['Organization: ACME', { kind: 'organization', name: 'ACME' }],
    [
      'Person: Jane Doe (jane@example.test)',
      { kind: 'person', name: 'Jane Doe', email: 'jane@example.test' },
    ],
    ['ACME Corp', { kind: 'organization', name: 'ACME Corp' }],
  ])('reads the supplier %s', (text, expected) => {
    expect(parseParty(text)).toEqual(expected);
  });

  it.each([
    ['https://example.test/doc-1', true],
    ['urn:uuid:6f1c3c2e-5b7a-4f0e-9d2a-8b4c1e7f3a90', true],
    ['https://example.test/doc#1', false],
    ['relative/path', false],
    ['', false],
  ])('namespace %s valid: %s', (value, valid) => {
    expect(isValidDocumentNamespace(value)).toBe(valid);
  });

  it('makes RFC 9562 version 5 UUIDs, the form the CycloneDX serialNumber pattern requires', () => {
    const uuid = nameBasedUuid('x');
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(nameBasedUuid('x')).toBe(uuid);
    expect(serialNumberFor('https://example.test/a')).not.toBe(serialNumberFor('https://example.test/b'));
  });
});

describe('assembleSbom: renaming the root', () => {
  it('moves the root purl and id with --name and --version, and its edges with them', () => {
    const sbom = assembleSbom(handBuiltProject(), { tool: TOOL, name: '@acme/shop', version: '2.0.0' });
    const root = sbom.components[0]!;
    expect(root.purl).toBe('pkg:npm/%40acme/shop@2.0.0');
    expect(root.id).toBe('pkg:npm/%40acme/shop@2.0.0');
    expect(sbom.describes).toEqual(['pkg:npm/%40acme/shop@2.0.0']);
    expect(sbom.relationships.filter((r) => r.from === root.id)).toHaveLength(3);
    expect(sbom.relationships.some((r) => r.from === 'pkg:npm/demo-app@1.0.0')).toBe(false);
  });

  it('keeps a generic root purl generic', () => {
    const project = handBuiltProject();
    project.root = { ...project.root, id: 'pkg:generic/folder', purl: 'pkg:generic/folder' };
    for (const r of project.relationships)
      if (r.from === 'pkg:npm/demo-app@1.0.0') r.from = 'pkg:generic/folder';
    const sbom = assembleSbom(project, { tool: TOOL, version: '3.1.0' });
    expect(sbom.components[0]!.purl).toBe('pkg:generic/folder@3.1.0');
  });
});
