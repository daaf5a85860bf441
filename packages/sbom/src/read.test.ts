import { isCustodyError } from '@custody/core';
import { describe, expect, it } from 'vitest';
import { effectiveLicense } from './license/effective.js';
import type { Sbom } from './model/index.js';
import { parseSbom, readSbom } from './read.js';

/** A CycloneDX 1.6 document with one component whose `licenses` array is given. */
function cyclonedx(licenses: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    components: [{ type: 'library', 'bom-ref': 'c', name: 'c', version: '1', licenses, ...extra }],
  });
}

/** An SPDX 2.3 document with one package whose declared and concluded licenses are given. */
function spdx2(declared: string, concluded = 'NOASSERTION', creators = ['Person: Jane Doe']): string {
  return JSON.stringify({
    spdxVersion: 'SPDX-2.3',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: 'doc',
    dataLicense: 'CC0-1.0',
    documentNamespace: 'https://example.com/doc',
    creationInfo: { created: '2024-01-01T00:00:00Z', creators },
    packages: [
      {
        SPDXID: 'SPDXRef-p',
        name: 'p',
        downloadLocation: 'NOASSERTION',
        licenseDeclared: declared,
        licenseConcluded: concluded,
      },
    ],
    relationships: [
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-p' },
    ],
  });
}

function only(sbom: Sbom) {
  expect(sbom.components).toHaveLength(1);
  return sbom.components[0];
}

// Real-world mess, each case as a generator writes it; the expected expression follows the
// SPDX License List and the rules stated in the package README ("Readers").
const messes: { name: string; text: string; expression: string; warning?: RegExp }[] = [
  { name: 'NOASSERTION', text: spdx2('NOASSERTION'), expression: 'NOASSERTION' },
  { name: "a person's NONE is NONE", text: spdx2('NONE'), expression: 'NONE' },
  {
    name: "a tool's NONE is NOASSERTION",
    text: spdx2('NONE', 'NONE', ['Tool: trivy-0.50.0']),
    expression: 'NOASSERTION',
    warning: /NONE read as NOASSERTION.*trivy 0\.50\.0/,
  },
  {
    name: 'deprecated id in SPDX',
    text: spdx2('GPL-2.0'),
    expression: 'GPL-2.0-only',
    warning: /deprecated id GPL-2.0/,
  },
  {
    name: 'deprecated + in SPDX',
    text: spdx2('LGPL-2.1+'),
    expression: 'LGPL-2.1-or-later',
    warning: /deprecated/,
  },
  {
    name: 'deprecated id in CycloneDX',
    text: cyclonedx([{ license: { id: 'GPL-3.0' } }]),
    expression: 'GPL-3.0-only',
    warning: /deprecated/,
  },
  {
    name: 'lower-case id',
    text: cyclonedx([{ license: { id: 'mit' } }]),
    expression: 'MIT',
    warning: /case/,
  },
  {
    name: 'lower-case expression',
    text: spdx2('mit or apache-2.0'),
    expression: 'MIT OR Apache-2.0',
    warning: /case/,
  },
  {
    name: 'MIT/X11',
    text: cyclonedx([{ license: { name: 'MIT/X11' } }]),
    expression: 'MIT OR X11',
    warning: /slash/,
  },
  {
    name: 'comma-separated list',
    text: cyclonedx([{ license: { name: 'LGPL-2.1, GPL-2.0' } }]),
    expression: 'LGPL-2.1-only AND GPL-2.0-only',
    warning: /comma-separated list read as AND/,
  },
  {
    name: 'vendor name',
    text: cyclonedx([{ license: { name: 'Acme Commercial License' } }]),
    expression: 'LicenseRef-Acme-Commercial-License',
    warning: /not an SPDX expression/,
  },
  {
    name: 'parenthesized expression',
    text: cyclonedx([{ expression: '(MIT OR Apache-2.0)' }]),
    expression: 'MIT OR Apache-2.0',
  },
  {
    name: 'expression in a name field',
    text: cyclonedx([{ license: { name: 'WTFPL OR ISC' } }]),
    expression: 'WTFPL OR ISC',
  },
  {
    name: 'several CycloneDX entries all apply',
    text: cyclonedx([{ license: { id: 'MIT' } }, { license: { id: 'Apache-2.0' } }]),
    expression: 'MIT AND Apache-2.0',
  },
  {
    name: 'acknowledgement: concluded counts over declared',
    text: cyclonedx([
      { license: { id: 'GPL-3.0-only', acknowledgement: 'declared' } },
      { expression: 'MIT', acknowledgement: 'concluded' },
    ]),
    expression: 'MIT',
  },
  { name: 'SPDX concluded counts over declared', text: spdx2('GPL-2.0-only', 'MIT'), expression: 'MIT' },
];

describe('readSbom tolerates real-world mess', () => {
  it.each(messes)('$name', ({ text, expression, warning }) => {
    const sbom = parseSbom(text, { path: 'mess.json' });
    expect(effectiveLicense(only(sbom)?.licenses)?.expression).toBe(expression);
    if (warning !== undefined) expect(sbom.warnings?.some((w) => warning.test(w))).toBe(true);
  });

  it('keeps both CycloneDX acknowledgements apart', () => {
    const sbom = parseSbom(
      cyclonedx([
        { license: { id: 'GPL-3.0-only', acknowledgement: 'declared' } },
        { expression: 'MIT', acknowledgement: 'concluded' },
      ]),
    );
    expect(only(sbom)?.licenses).toEqual({
      declared: { expression: 'GPL-3.0-only' },
      concluded: { expression: 'MIT' },
    });
  });

  it('reads schema-invalid documents that still parse, with warnings', () => {
    const text = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      components: [
        { type: 'library', 'bom-ref': 'a', name: 'a', hashes: [{ alg: 'SHA-256', content: 'ABCD' }] },
        { type: 'widget', 'bom-ref': 'a', name: 'b', version: 2, scope: 'sometimes' },
        'not a component',
        { type: 'library', name: 'c', licenses: [{ license: {} }] },
      ],
      dependencies: [
        { ref: 'a', dependsOn: ['missing', 'component-1'] },
        { ref: 'ghost', dependsOn: ['a'] },
      ],
    });
    const sbom = parseSbom(text);
    expect(sbom.components.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    // The second `a` gets a fresh id; hashes are lower-cased hex; a numeric version is no version.
    expect(new Set(sbom.components.map((c) => c.id)).size).toBe(3);
    expect(sbom.components[0]?.hashes).toEqual([{ algorithm: 'SHA-256', value: 'abcd' }]);
    expect(sbom.components[1]?.version).toBeUndefined();
    expect(sbom.components[1]?.type).toBe('library');
    const warnings = sbom.warnings ?? [];
    for (const pattern of [
      /bom-ref "a" is used by more than one component/,
      /component type "widget"/,
      /scope "sometimes"/,
      /not an object/,
      /neither id nor name/,
      /bom-ref "missing", which no component has/,
      /bom-ref "ghost"/,
    ]) {
      expect(
        warnings.some((w) => pattern.test(w)),
        String(pattern),
      ).toBe(true);
    }
  });

  it('reads Object member names as unknown values, not as table entries', () => {
    const sbom = parseSbom(
      cyclonedx([{ license: { name: 'constructor' } }], {
        scope: 'constructor',
        hashes: [{ alg: '__proto__', content: 'ab' }],
      }),
    );
    const component = only(sbom);
    expect(component?.scope).toBeUndefined();
    expect(component?.hashes).toBeUndefined();
    expect(component?.licenses?.declared?.expression).toBe('LicenseRef-constructor');
  });

  it('recognizes CycloneDX by its $schema when bomFormat is missing', () => {
    const sbom = parseSbom(
      JSON.stringify({
        $schema: 'http://cyclonedx.org/schema/bom-1.5.schema.json',
        specVersion: '1.5',
        components: [],
      }),
    );
    expect(sbom.source).toEqual({ format: 'cyclonedx', specVersion: '1.5' });
  });

  it('reads a CycloneDX version it does not know, with a warning', () => {
    const sbom = parseSbom(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.7', components: [] }));
    expect(sbom.source).toEqual({ format: 'cyclonedx', specVersion: '1.7' });
    expect(sbom.warnings?.[0]).toMatch(/CycloneDX 1\.7 is not a version custody knows/);
  });
});

// One test per error code the readers raise.
describe('readSbom errors', () => {
  async function failure(input: Parameters<typeof readSbom>[0]) {
    try {
      await readSbom(input);
    } catch (error) {
      if (isCustodyError(error)) return error;
      throw error;
    }
    throw new Error('expected readSbom to fail');
  }

  it('MALFORMED_SBOM: names the file and the line of the syntax error', async () => {
    const text =
      '{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.6",\n  "components": [\n    {"name": "a",}\n  ]\n}\n';
    const error = await failure({ text, path: 'bom.json' });
    expect(error.code).toBe('MALFORMED_SBOM');
    expect(error.kind).toBe('input');
    expect(error.exitStatus).toBe(2);
    expect(error.line).toBe(5);
    expect(error.toLine()).toMatch(/^bom\.json:5: not valid JSON/);
  });

  it('MALFORMED_SBOM: a truncated file points at its end', async () => {
    const error = await failure({
      text: '{\n  "spdxVersion": "SPDX-2.3",\n  "packages": [\n',
      path: 'cut.json',
    });
    expect(error.code).toBe('MALFORMED_SBOM');
    expect(error.line).toBe(4);
  });

  it('UNKNOWN_SBOM_FORMAT: JSON that is no SBOM', async () => {
    const error = await failure({ text: '{"name": "my-app", "version": "1.0.0"}', path: 'package.json' });
    expect(error.code).toBe('UNKNOWN_SBOM_FORMAT');
    expect(error.toLine()).toMatch(
      /package\.json: not an SPDX 2\.2\/2\.3, SPDX 3\.0 or CycloneDX 1\.4–1\.6 JSON document/,
    );
  });

  it('UNKNOWN_SBOM_FORMAT: XML and tag-value say what they are', async () => {
    expect((await failure({ text: '<?xml version="1.0"?><bom/>', path: 'bom.xml' })).toLine()).toMatch(
      /this is XML/,
    );
    expect(
      (await failure({ text: 'SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n', path: 'a.spdx' })).toLine(),
    ).toMatch(/SPDX tag-value/);
  });

  it('UNREADABLE_INPUT: a missing file', async () => {
    const error = await failure('/nonexistent/custody/bom.json');
    expect(error.code).toBe('UNREADABLE_INPUT');
    expect(error.exitStatus).toBe(2);
    expect(error.toLine()).toMatch(/bom\.json: cannot read the SBOM: no such file/);
  });
});
