import { readFileSync } from 'node:fs';
import type { Sbom } from '@custody/sbom';
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { evaluatePolicy } from '../evaluate/evaluate.js';
import { DEFAULT_SETTINGS, type Policy } from '../model/policy.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

const sbom: Sbom = {
  document: { name: 'shop' },
  describes: [],
  relationships: [],
  components: [
    {
      id: 'a',
      type: 'library',
      name: 'left-pad',
      version: '1.0.0',
      purl: 'pkg:npm/left-pad@1.0.0',
      licenses: { declared: { expression: 'MIT' } },
    },
    {
      id: 'b',
      type: 'library',
      name: 'gpl-lib',
      version: '2.0.0',
      purl: 'pkg:npm/gpl-lib@2.0.0',
      licenses: { declared: { expression: 'GPL-3.0-only' } },
    },
    {
      id: 'c',
      type: 'library',
      name: 'agpl-lib',
      version: '1.0.0',
      purl: 'pkg:npm/agpl-lib@1.0.0',
      licenses: { declared: { expression: 'AGPL-3.0-only' } },
    },
    {
      id: 'd',
      type: 'library',
      name: 'mystery <&>',
      version: '0.1.0',
      licenses: { declared: { expression: 'NOASSERTION' } },
    },
  ],
};

const policy: Policy = {
  apiVersion: 'custody.dev/v1',
  settings: DEFAULT_SETTINGS,
  rules: [
    {
      id: 'licenses',
      kind: 'license',
      severity: 'high',
      mode: 'enforce',
      allow: ['category:permissive'],
      help: 'Ask legal.',
    },
    {
      id: 'purls',
      kind: 'component',
      severity: 'medium',
      mode: 'audit',
      require: ['identifier'],
      identifiers: ['purl'],
    },
  ],
  waivers: [
    {
      rule: 'licenses',
      match: 'pkg:npm/agpl-lib@*',
      reason: 'internal tool only',
      owner: 'legal',
      expires: '2027-01-01',
      source: { file: 'policy.yaml', line: 12 },
    },
    {
      rule: 'licenses',
      match: 'pkg:npm/gone@*',
      reason: 'old',
      owner: 'legal',
      expires: '2027-01-01',
      source: { file: 'policy.yaml', line: 17 },
    },
  ],
  files: ['policy.yaml'],
};

// By hand: 4 components x 2 rules = 8 results. licenses: left-pad passes (MIT), gpl-lib fails,
// agpl-lib fails but is waived, mystery warns (NOASSERTION, onUnknown warn). purls: mystery has
// no purl, audited. One waiver is stale (no gone@ component).
const report = evaluatePolicy(policy, [{ name: 'shop.cdx.json', sbom }], {
  now: new Date('2026-03-01T00:00:00Z'),
  keepPasses: true,
});

describe('report counts', () => {
  it('matches the counts by hand', () => {
    expect(report.summary).toEqual({
      evaluated: 8,
      passed: 4,
      failed: 1,
      warned: 1,
      audited: 1,
      waived: 1,
      waiverProblems: 1,
    });
    expect(report.status).toBe('fail');
  });
});

describeWithReference('SARIF output', ['policy/formats/sarif-2.1.0-rtm.5.schema.json'], () => {
  // Read in setup, not while collecting: a skipped suite's body is still collected.
  let validate: ReturnType<Ajv['compile']>;
  beforeAll(() => {
    const schema = JSON.parse(
      readFileSync(requireReferenceData('policy/formats/sarif-2.1.0-rtm.5.schema.json'), 'utf8'),
    ) as Record<string, unknown>;
    // The file is draft-04; ajv 8 reads it as draft-07 once the draft-04 `id` is `$id` (the schema
    // uses no draft-04-only keyword such as boolean exclusiveMinimum).
    const { $schema: _, id, ...rest } = schema;
    // One of its patterns (language tags) is not valid under the `u` flag: compile them without it.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    (addFormatsPlugin as unknown as (a: Ajv) => Ajv)(ajv);
    validate = ajv.compile({ ...rest, $id: String(id) });
  });
  const sarif = JSON.parse(formatSarif(report, '0.1.0')) as {
    runs: {
      tool: {
        driver: { rules: { id: string; help: { text: string }; properties: Record<string, string> }[] };
      };
      results: Record<string, unknown>[];
    }[];
  };

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('has one result per rule and component that did not pass, and one per waiver problem', () => {
    const results = sarif.runs[0]?.results ?? [];
    expect(results.map((r) => r.ruleId).sort()).toEqual([
      'custody-waiver',
      'licenses',
      'licenses',
      'licenses',
      'purls',
    ]);
  });

  it('writes waived results as accepted suppressions', () => {
    const waived = sarif.runs[0]?.results.find((r) => JSON.stringify(r.message).includes('agpl-lib'));
    expect(waived?.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'internal tool only (owner legal, expires 2027-01-01)',
      },
    ]);
  });

  it('gives rules help and security-severity', () => {
    const rule = sarif.runs[0]?.tool.driver.rules.find((r) => r.id === 'licenses');
    expect(rule?.help.text).toBe('Ask legal.');
    expect(rule?.properties['security-severity']).toBe('8.0');
  });

  it('keeps fingerprints stable across runs and SBOM names', () => {
    const again = evaluatePolicy(
      policy,
      [{ name: 'renamed.json', sbom: { ...sbom, components: [...sbom.components].reverse() } }],
      {
        now: new Date('2026-03-01T00:00:00Z'),
      },
    );
    const prints = (text: string): string[] =>
      (JSON.parse(text) as typeof sarif).runs[0]?.results
        .map((r) => JSON.stringify(r.partialFingerprints))
        .sort() ?? [];
    expect(prints(formatSarif(again, '0.1.0'))).toEqual(prints(formatSarif(report, '0.1.0')));
  });
});

describe('JUnit output', () => {
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
    formatJunit(report),
  ) as {
    testsuites: {
      tests: string;
      failures: string;
      skipped: string;
      testsuite: { name: string; testcase: Record<string, unknown>[] };
    };
  };

  it('parses as XML with counts matching the findings', () => {
    expect(parsed.testsuites).toMatchObject({ tests: '8', failures: '1', skipped: '1' });
    const cases = parsed.testsuites.testsuite.testcase;
    expect(cases).toHaveLength(8);
    expect(cases.filter((c) => c.failure !== undefined)).toHaveLength(1);
    expect(cases.filter((c) => c.skipped !== undefined)).toHaveLength(1);
  });

  it('names each case by rule and component, escaping XML', () => {
    const names = parsed.testsuites.testsuite.testcase.map((c) => `${c.classname} ${c.name}`);
    expect(names).toContain('licenses pkg:npm/gpl-lib@2.0.0');
    expect(names).toContain('purls mystery <&>@0.1.0');
  });
});

describe('text and JSON output', () => {
  it('groups failures by rule and ends with the summary', () => {
    const text = formatText(report);
    expect(text).toContain('FAIL licenses (license, high, enforce): 1 component(s)');
    expect(text).toContain('STALE waiver for licenses on pkg:npm/gone@*');
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'FAIL: 4 component(s), 2 rule(s): 1 failed, 1 warned, 1 audited, 1 waived, 4 passed; 1 waiver problem(s)',
    );
  });

  it('leaves passing results out of JSON but counts them', () => {
    const json = JSON.parse(formatJson(report)) as { results: unknown[]; summary: { passed: number } };
    expect(json.results).toHaveLength(4);
    expect(json.summary.passed).toBe(4);
  });
});
