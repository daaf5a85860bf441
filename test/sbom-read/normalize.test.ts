import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithReference, requireReferenceData, runCustody } from '#test-helpers';

// End to end through the built bin (build cli first: npx tsc -b packages/cli).
describeWithReference('custody sbom normalize', ['policy/sboms/cdx14-juice-shop-cyclonedx-npm.json'], () => {
  it('prints the model as JSON with sorted keys, and warns about tolerated mess on stderr', async () => {
    const file = requireReferenceData('policy/sboms/cdx14-juice-shop-cyclonedx-npm.json');
    const result = await runCustody(['sbom', 'normalize', file]);
    expect(result.status).toBe(0);
    const model = JSON.parse(result.stdout) as {
      components: {
        name: string;
        version?: string;
        licenses?: { declared?: { expression: string; raw?: string } };
      }[];
      source: { format: string; specVersion: string };
    };
    // Counted by hand in the file: 837 top-level + 278 nested components + metadata.component.
    expect(model.components).toHaveLength(1116);
    expect(model.source).toMatchObject({ format: 'cyclonedx', specVersion: '1.4' });
    const chainsaw = model.components.find((c) => c.name === 'chainsaw');
    expect(chainsaw?.licenses?.declared).toMatchObject({ expression: 'MIT OR X11', raw: 'MIT/X11' });
    // Sorted keys: "components" comes before "describes", "document", "relationships", "source".
    const order = ['"components"', '"describes"', '"document"', '"relationships"', '"source"'].map((k) =>
      result.stdout.indexOf(`\n  ${k}`),
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(result.stderr).toMatch(/license "MIT\/X11" read as "MIT OR X11"/);
    // The same input prints the same bytes.
    expect((await runCustody(['sbom', 'normalize', file, '--quiet'])).stdout).toBe(result.stdout);
  });
});

describe('custody sbom normalize on bad input', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-normalize-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cases = [
    {
      name: 'truncated JSON',
      text: '{\n  "bomFormat": "CycloneDX",\n  "components": [\n',
      message: /bom\.json:4: not valid JSON/,
    },
    {
      name: 'not an SBOM',
      text: '{"name": "x"}',
      message: /bom\.json: not an SPDX 2\.2\/2\.3, SPDX 3\.0 or CycloneDX/,
    },
    { name: 'XML', text: '<bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>', message: /this is XML/ },
  ];
  it.each(cases)('$name: one line, exit 2, nothing on stdout', async ({ text, message }) => {
    const file = join(dir, 'bom.json');
    await writeFile(file, text);
    const result = await runCustody(['sbom', 'normalize', file]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a missing file: exit 2', async () => {
    const result = await runCustody(['sbom', 'normalize', join(dir, 'absent.json')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/absent\.json: cannot read the SBOM: no such file/);
  });

  it('reads stdin when FILE is -', async () => {
    const text = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      components: [{ type: 'library', name: 'a', version: '1' }],
    });
    const result = await runCustody(['sbom', 'normalize', '-'], { input: text });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).components).toEqual([
      { id: 'component-1', name: 'a', type: 'library', version: '1' },
    ]);
  });
});
