import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lintPolicy, policySchema } from './lint.js';
import { loadPolicy } from './load.js';
import { checkStructure } from './validate.js';

let dir: string;
const path = (name: string): string => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custody-policy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  await writeFile(path(name), text);
  return path(name);
}

const base = `apiVersion: custody.dev/v1
settings:
  onUnknown: fail
  waiverWarnDays: 7
rules:
  - id: licenses
    kind: license
    severity: high
    allow: [MIT]
  - id: suppliers
    kind: component
    severity: low
    require: [supplier]
`;

describe('loading a policy', () => {
  it('merges what it extends: settings by key, rules by id, waivers added', async () => {
    await file('base.yaml', base);
    const main = await file(
      'main.yaml',
      `apiVersion: custody.dev/v1
extends: ./base.yaml
settings:
  waiverWarnDays: 30
rules:
  - id: licenses
    kind: license
    severity: critical
    mode: warn
    allow: [MIT, Apache-2.0]
waivers:
  - rule: suppliers
    match: pkg:npm/*
    reason: internal packages
    owner: platform
    expires: 2027-01-31
`,
    );
    const policy = await loadPolicy(main);
    expect(policy.settings).toEqual({
      licenseSource: 'concluded-then-declared',
      exceptionsInherit: false,
      onUnknown: 'fail',
      waiverWarnDays: 30,
    });
    expect(policy.rules.map((r) => [r.id, r.severity, r.mode])).toEqual([
      ['suppliers', 'low', 'enforce'],
      ['licenses', 'critical', 'warn'],
    ]);
    expect(policy.waivers).toHaveLength(1);
    expect(policy.waivers[0]?.source).toEqual({ file: main, line: 12 });
    expect(policy.files).toEqual([main, path('base.yaml')]);
  });

  it('refuses an extends cycle', async () => {
    await file('a.yaml', 'apiVersion: custody.dev/v1\nextends: b.yaml\n');
    await file('b.yaml', 'apiVersion: custody.dev/v1\nextends: [a.yaml]\n');
    await expect(loadPolicy(path('a.yaml'))).rejects.toMatchObject({
      code: 'POLICY_EXTENDS_CYCLE',
      kind: 'input',
    });
  });

  it('names a missing file', async () => {
    await expect(loadPolicy(path('absent.yaml'))).rejects.toMatchObject({ code: 'POLICY_NOT_FOUND' });
  });

  it('reports YAML syntax errors with line and column', async () => {
    const bad = await file('syntax.yaml', 'apiVersion: custody.dev/v1\nrules:\n  - id: [unclosed\n');
    await expect(loadPolicy(bad)).rejects.toMatchObject({
      code: 'POLICY_SYNTAX',
      message: expect.stringMatching(/syntax\.yaml:\d+:\d+: YAML syntax error/),
    });
  });

  // Each row: policy text, the line:column and message expected; positions counted by hand.
  const invalid: [string, string, string][] = [
    ['apiVersion: custody.dev/v1\nrulez: []\n', '2:1', 'unknown property "rulez"'],
    ['apiVersion: custody.dev/v2\n', '1:13', 'apiVersion "custody.dev/v2" is not custody.dev/v1'],
    [
      'apiVersion: custody.dev/v1\nrules:\n  - id: x\n    kind: license\n    severity: urgent\n    allow: [MIT]\n',
      '5:15',
      '"severity" must be one of',
    ],
    [
      'apiVersion: custody.dev/v1\nrules:\n  - id: x\n    kind: vex\n    severity: high\n',
      '4:11',
      'unknown rule kind "vex"',
    ],
    [
      'apiVersion: custody.dev/v1\nrules:\n  - id: x\n    kind: constructor\n    severity: high\n',
      '4:11',
      'unknown rule kind "constructor"',
    ],
    [
      'apiVersion: custody.dev/v1\nrules:\n  - id: x\n    kind: license\n    severity: high\n    allow: [MIT, Foo-License-9]\n',
      '6:18',
      '"Foo-License-9" is not a single SPDX license id',
    ],
    [
      'apiVersion: custody.dev/v1\nrules:\n  - id: x\n    kind: license\n    severity: high\n    deny: [category:viral]\n',
      '6:12',
      'unknown license category "viral"',
    ],
    [
      'apiVersion: custody.dev/v1\nrules:\n  - id: x\n    kind: license\n    severity: high\n    allow: [MIT]\n    deny: [GPL-3.0-only]\n',
      '3:5',
      'exactly one of "allow" or "deny"',
    ],
    [
      'apiVersion: custody.dev/v1\nrules:\n  - id: x\n    kind: package\n    severity: high\n    deny:\n      - purl: pkg:deb/debian/x\n        versions: "<<1"\n',
      '8:19',
      'invalid version range',
    ],
    [
      'apiVersion: custody.dev/v1\nwaivers:\n  - rule: nope\n    match: pkg:npm/x\n    reason: r\n    owner: o\n    expires: 2027-01-01\n',
      '3:11',
      'waiver names rule "nope"',
    ],
    [
      'apiVersion: custody.dev/v1\nwaivers:\n  - rule: nope\n    match: pkg:npm/x\n    reason: r\n    owner: o\n    expires: 2027-02-30\n',
      '7:14',
      '"expires" must be a date',
    ],
  ];

  it.each(invalid)('%j -> %s %s', async (text, where, message) => {
    const policyFile = await file('invalid.yaml', text);
    await expect(loadPolicy(policyFile)).rejects.toMatchObject({ code: 'POLICY_INVALID' });
    const issues = await lintPolicy(policyFile);
    const issue = issues.find((i) => i.message.includes(message));
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(`${issue?.line}:${issue?.column}`).toBe(where);
  });

  it('lints a good policy clean', async () => {
    expect(await lintPolicy(await file('good.yaml', base))).toEqual([]);
  });
});

describe('the JSON Schema and the hand checks agree', async () => {
  const schema = await policySchema();
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  const documents: [string, boolean][] = [
    [base, true],
    ['apiVersion: custody.dev/v1\nextends: [a.yaml, b.yaml]\nwaivers: []\n', true],
    [
      'apiVersion: custody.dev/v1\nrules:\n  - {id: p, kind: package, severity: low, deny: [{purl: "pkg:npm/x", versions: "<1"}]}\n',
      true,
    ],
    [
      'apiVersion: custody.dev/v1\nrules:\n  - {id: c, kind: component, severity: info, mode: audit, scopes: [required], allow: ["pkg:npm/**"]}\n',
      true,
    ],
    ['rules: []\n', false],
    ['apiVersion: custody.dev/v1\nsettings: {onUnknown: maybe}\n', false],
    ['apiVersion: custody.dev/v1\nsettings: {waiverWarnDays: -1}\n', false],
    ['apiVersion: custody.dev/v1\nrules:\n  - {id: x, kind: license, severity: high}\n', false],
    [
      'apiVersion: custody.dev/v1\nrules:\n  - {id: x, kind: license, severity: high, allow: [MIT], require: [supplier]}\n',
      false,
    ],
    ['apiVersion: custody.dev/v1\nrules:\n  - {id: x, kind: component, severity: high}\n', false],
    [
      'apiVersion: custody.dev/v1\nrules:\n  - {id: x, kind: package, severity: high, deny: [{purl: "npm/x"}]}\n',
      false,
    ],
    [
      'apiVersion: custody.dev/v1\nrules:\n  - {id: "bad id", kind: component, severity: high, require: [version]}\n',
      false,
    ],
    [
      'apiVersion: custody.dev/v1\nrules:\n  - {id: x, kind: component, severity: high, require: [colour]}\n',
      false,
    ],
    ['apiVersion: custody.dev/v1\nwaivers:\n  - {rule: x, match: y, reason: z, owner: o}\n', false],
  ];
  it.each(documents)('%j valid: %s', (text, valid) => {
    const value = parse(text) as unknown;
    expect(validate(value)).toBe(valid);
    expect(checkStructure(value).length === 0).toBe(valid);
  });
});
