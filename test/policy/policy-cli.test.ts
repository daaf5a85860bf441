import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithReference, requireReferenceData, runCustody } from '#test-helpers';

let dir: string;
const at = (...parts: string[]): string => join(dir, ...parts);

const POLICY = `apiVersion: custody.dev/v1
settings:
  onUnknown: warn
  waiverWarnDays: 30
rules:
  - id: permissive-only
    kind: license
    severity: high
    allow: [category:permissive, category:public-domain]
    scopes: [required, optional]
  - id: no-network-copyleft
    kind: license
    severity: critical
    deny: [category:network-copyleft]
  - id: identified
    kind: component
    severity: medium
    mode: warn
    require: [version, identifier]
    identifiers: [purl]
  - id: banned
    kind: package
    severity: high
    deny:
      - { purl: "pkg:npm/lodash", versions: "<4.17.21", reason: CVE-2021-23337 }
      - { purl: "pkg:npm/acme/*", reason: test ban }
`;

const PASSING = `apiVersion: custody.dev/v1
rules:
  - id: anything-goes
    kind: license
    severity: low
    deny: [LicenseRef-never-used]
`;

// A small npm project written by hand: one package per case of interest.
const PACKAGE_JSON = {
  name: 'shop',
  version: '1.0.0',
  license: 'MIT',
  dependencies: { lodash: '4.17.20', 'gpl-thing': '1.0.0', 'agpl-thing': '2.0.0', dual: '1.0.0' },
  devDependencies: { 'dev-tool': '1.0.0' },
};
const pkg = (name: string, version: string, license: string, extra: Record<string, unknown> = {}) => ({
  version,
  resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`,
  integrity: `sha512-${Buffer.from(`${name}@${version}`).toString('base64')}`,
  license,
  ...extra,
});
const LOCKFILE = {
  name: 'shop',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { ...PACKAGE_JSON },
    'node_modules/lodash': pkg('lodash', '4.17.20', 'MIT'),
    'node_modules/gpl-thing': pkg('gpl-thing', '1.0.0', 'GPL-3.0-only'),
    'node_modules/agpl-thing': pkg('agpl-thing', '2.0.0', 'AGPL-3.0-or-later'),
    'node_modules/dual': pkg('dual', '1.0.0', '(MIT OR GPL-3.0-only)'),
    'node_modules/dev-tool': pkg('dev-tool', '1.0.0', 'GPL-2.0-only', { dev: true }),
  },
};

interface JsonReport {
  status: string;
  results: {
    ruleId: string;
    outcome: string;
    component: { name: string; version?: string };
    waiver?: unknown;
  }[];
  waivers: { state: string }[];
}

async function check(
  policy: string,
  sbom: string,
  extra: string[] = [],
): Promise<{ status: number; report: JsonReport }> {
  const result = await runCustody([
    'policy',
    'check',
    '--policy',
    policy,
    sbom,
    '--format',
    'json',
    ...extra,
  ]);
  expect(result.stderr).not.toMatch(/internal error/);
  return { status: result.status, report: JSON.parse(result.stdout) as JsonReport };
}

function findings(report: JsonReport): string[] {
  return report.results
    .map((r) => `${r.ruleId} ${r.component.name}@${r.component.version ?? ''} ${r.outcome}`)
    .sort();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custody-policy-cli-'));
  await mkdir(at('project'));
  await writeFile(at('project', 'package.json'), JSON.stringify(PACKAGE_JSON));
  await writeFile(at('project', 'package-lock.json'), JSON.stringify(LOCKFILE));
  await writeFile(at('policy.yaml'), POLICY);
  await writeFile(at('passing.yaml'), PASSING);
  const written = await runCustody([
    'sbom',
    at('project'),
    '-o',
    `spdx-json=${at('shop.spdx.json')}`,
    '-o',
    `cyclonedx-json=${at('shop.cdx.json')}`,
  ]);
  expect(written.status, written.stderr).toBe(0);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('an SBOM custody writes, in both formats', () => {
  it('gets the same findings, and the ones expected by hand', async () => {
    const spdx = await check(at('policy.yaml'), at('shop.spdx.json'));
    const cdx = await check(at('policy.yaml'), at('shop.cdx.json'));
    expect(findings(spdx.report)).toEqual(findings(cdx.report));
    expect(findings(spdx.report)).toEqual([
      'banned lodash@4.17.20 fail', // below 4.17.21
      'no-network-copyleft agpl-thing@2.0.0 fail', // AGPL-3.0-or-later
      'permissive-only agpl-thing@2.0.0 fail',
      'permissive-only gpl-thing@1.0.0 fail', // GPL-3.0-only; dual passes by its MIT branch
    ]);
    expect(spdx.status).toBe(1);
    expect(cdx.status).toBe(1);
  });
});

// cdx16-spec-example.json translated by hand into SPDX 3.0 JSON-LD: the metadata component as
// the root package, tomcat-catalina with its purl and declared Apache-2.0, mylibrary with its
// supplier; publisher "Acme Inc" as originatedBy. Nothing else of the CycloneDX file bears on
// the policy.
const SPDX3_TRANSLATION = {
  '@context': 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld',
  '@graph': [
    {
      type: 'CreationInfo',
      '@id': '_:creation',
      specVersion: '3.0.1',
      created: '2024-01-01T00:00:00Z',
      createdBy: ['_:acme'],
    },
    {
      type: 'Organization',
      spdxId: 'urn:x:acme',
      '@id': '_:acme',
      name: 'Acme Inc',
      creationInfo: '_:creation',
    },
    { type: 'Organization', spdxId: 'urn:x:example', name: 'Example, Inc.', creationInfo: '_:creation' },
    {
      type: 'SpdxDocument',
      spdxId: 'urn:x:doc',
      name: 'Acme Application',
      creationInfo: '_:creation',
      rootElement: ['urn:x:app'],
      element: ['urn:x:app', 'urn:x:tomcat', 'urn:x:mylibrary', 'urn:x:apache', 'urn:x:example'],
    },
    {
      type: 'software_Package',
      spdxId: 'urn:x:app',
      name: 'Acme Application',
      software_packageVersion: '9.1.1',
      software_primaryPurpose: 'application',
      creationInfo: '_:creation',
    },
    {
      type: 'software_Package',
      spdxId: 'urn:x:tomcat',
      name: 'tomcat-catalina',
      software_packageVersion: '9.0.14',
      software_packageUrl: 'pkg:npm/acme/component@1.0.0',
      originatedBy: ['urn:x:acme'],
      creationInfo: '_:creation',
    },
    {
      type: 'software_Package',
      spdxId: 'urn:x:mylibrary',
      name: 'mylibrary',
      software_packageVersion: '1.0.0',
      suppliedBy: 'urn:x:example',
      creationInfo: '_:creation',
    },
    {
      type: 'simplelicensing_LicenseExpression',
      spdxId: 'urn:x:apache',
      simplelicensing_licenseExpression: 'Apache-2.0',
      creationInfo: '_:creation',
    },
    {
      type: 'Relationship',
      spdxId: 'urn:x:r1',
      from: 'urn:x:tomcat',
      relationshipType: 'hasDeclaredLicense',
      to: ['urn:x:apache'],
      creationInfo: '_:creation',
    },
    {
      type: 'Relationship',
      spdxId: 'urn:x:r2',
      from: 'urn:x:app',
      relationshipType: 'contains',
      to: ['urn:x:tomcat', 'urn:x:mylibrary'],
      creationInfo: '_:creation',
    },
  ],
};

describeWithReference(
  'SPDX 3.0 translation of a CycloneDX fixture',
  ['policy/sboms/cdx16-spec-example.json'],
  () => {
    it('gets the same findings as the CycloneDX original', async () => {
      await writeFile(at('acme.spdx3.json'), JSON.stringify(SPDX3_TRANSLATION));
      const cdx = await check(
        at('policy.yaml'),
        requireReferenceData('policy/sboms/cdx16-spec-example.json'),
      );
      const spdx3 = await check(at('policy.yaml'), at('acme.spdx3.json'));
      expect(findings(spdx3.report)).toEqual(findings(cdx.report));
      // By hand: tomcat-catalina's purl is under pkg:npm/acme/; mylibrary and the application have
      // no purl; both have no license, so both license rules warn (onUnknown warn).
      expect(findings(cdx.report)).toEqual([
        'banned tomcat-catalina@9.0.14 fail',
        'identified Acme Application@9.1.1 fail',
        'identified mylibrary@1.0.0 fail',
        'no-network-copyleft Acme Application@9.1.1 warn',
        'no-network-copyleft mylibrary@1.0.0 warn',
        'permissive-only Acme Application@9.1.1 warn',
        'permissive-only mylibrary@1.0.0 warn',
      ]);
    });
  },
);

describe('exit statuses', () => {
  it('0 when nothing enforced fails', async () => {
    const result = await runCustody(['policy', 'check', '--policy', at('passing.yaml'), at('shop.cdx.json')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^PASS: 6 component\(s\), 1 rule\(s\)/m);
  });

  it('1 when an enforced rule fails', async () => {
    const result = await runCustody(['policy', 'check', '--policy', at('policy.yaml'), at('shop.cdx.json')]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('FAIL banned (package, high, enforce): 1 component(s)');
  });

  it.each([
    [
      'a YAML syntax error',
      'syntax.yaml',
      'apiVersion: custody.dev/v1\nrules: [\n',
      /syntax\.yaml:\d+:\d+: YAML syntax error/,
    ],
    [
      'an invalid policy',
      'invalid.yaml',
      'apiVersion: custody.dev/v1\nrules:\n  - id: x\n    kind: license\n    severity: high\n    allow: [category:viral]\n',
      /invalid\.yaml:6:13: unknown license category "viral"/,
    ],
  ])('2 for %s, naming file, line and column', async (_, name, text, message) => {
    await writeFile(at(name), text);
    const result = await runCustody(['policy', 'check', '--policy', at(name), at('shop.cdx.json')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('2 for a malformed SBOM, naming file and line', async () => {
    await writeFile(at('broken.json'), '{\n  "bomFormat": "CycloneDX",\n  "components": [\n');
    const result = await runCustody(['policy', 'check', '--policy', at('policy.yaml'), at('broken.json')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/broken\.json:\d+: not valid JSON/);
  });

  it('2 for a missing policy', async () => {
    const result = await runCustody(['policy', 'check', '--policy', at('absent.yaml'), at('shop.cdx.json')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('cannot read policy');
  });

  it('2 for a bad --output', async () => {
    const result = await runCustody([
      'policy',
      'check',
      '--policy',
      at('policy.yaml'),
      at('shop.cdx.json'),
      '--output',
      'pdf=x.pdf',
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not FORMAT=FILE');
  });
});

describe('several outputs at once', () => {
  it('writes SARIF, JUnit and JSON files besides stdout', async () => {
    const result = await runCustody([
      'policy',
      'check',
      '--policy',
      at('policy.yaml'),
      at('shop.spdx.json'),
      '--output',
      `sarif=${at('out.sarif')}`,
      '--output',
      `junit=${at('out.xml')}`,
      '--output',
      `json=${at('out.json')}`,
    ]);
    expect(result.status).toBe(1);
    const sarif = JSON.parse(await readFile(at('out.sarif'), 'utf8')) as {
      version: string;
      runs: { results: unknown[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results).toHaveLength(4);
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      await readFile(at('out.xml'), 'utf8'),
    ) as {
      testsuites: { failures: string };
    };
    expect(junit.testsuites.failures).toBe('4');
    const json = JSON.parse(await readFile(at('out.json'), 'utf8')) as JsonReport;
    expect(json.status).toBe('fail');
  });
});

describe('waivers through the CLI', () => {
  const waived = (expires: string) => `${POLICY}waivers:
  - rule: banned
    match: "pkg:npm/lodash@*"
    reason: upgrade scheduled
    owner: web-team
    expires: ${expires}
  - rule: no-network-copyleft
    match: "pkg:npm/agpl-thing@*"
    reason: internal use only
    owner: legal
    expires: ${expires}
  - rule: permissive-only
    match: "pkg:npm/*thing@*"
    reason: reviewed
    owner: legal
    expires: ${expires}
  - rule: banned
    match: "pkg:npm/left-pad@*"
    reason: gone
    owner: web-team
    expires: ${expires}
`;

  it('active waivers pass the check; the stale one is reported', async () => {
    await writeFile(at('waived.yaml'), waived('2026-12-31'));
    const { status, report } = await check(at('waived.yaml'), at('shop.cdx.json'), ['--now', '2026-06-01']);
    expect(status).toBe(0);
    expect(report.waivers.map((w) => w.state)).toEqual(['active', 'active', 'active', 'stale']);
  });

  it('expiring waivers are flagged within waiverWarnDays', async () => {
    const { status, report } = await check(at('waived.yaml'), at('shop.cdx.json'), ['--now', '2026-12-20']);
    expect(status).toBe(0);
    expect(report.waivers.map((w) => w.state)).toEqual(['expiring', 'expiring', 'expiring', 'stale']);
  });

  it('expired waivers stop applying (CUSTODY_NOW)', async () => {
    const result = await runCustody(['policy', 'check', '--policy', at('waived.yaml'), at('shop.cdx.json')], {
      env: { CUSTODY_NOW: '2027-01-01' },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('EXPIRED waiver for banned on pkg:npm/lodash@* expired on 2026-12-31');
  });
});

describe('policy explain', () => {
  it('shows the parse, the normalization, the branch chosen and each verdict', async () => {
    const result = await runCustody([
      'policy',
      'explain',
      '--policy',
      at('policy.yaml'),
      at('shop.cdx.json'),
      'pkg:npm/dual@1.0.0',
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('parse:');
    expect(result.stdout).toMatch(/^\s+OR$/m);
    expect(result.stdout).toContain('OR branch chosen: MIT');
    expect(result.stdout).toContain('NO  GPL-3.0-only is not on the allow list');
    expect(result.stdout).toMatch(/banned \(package, enforce\): PASS/);
  });

  it('2 when no component has the purl', async () => {
    const result = await runCustody([
      'policy',
      'explain',
      '--policy',
      at('policy.yaml'),
      at('shop.cdx.json'),
      'pkg:npm/nothing@1',
    ]);
    expect(result.status).toBe(2);
  });
});

describe('policy lint', () => {
  it('0 for a clean policy', async () => {
    const result = await runCustody(['policy', 'lint', at('policy.yaml')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('2 with every problem at line:column', async () => {
    await writeFile(
      at('lint.yaml'),
      'apiVersion: custody.dev/v1\nrules:\n  - id: l\n    kind: license\n    severity: high\n    allow: [MIT, Not-A-License, category:nope]\nwaivers:\n  - rule: missing\n    match: pkg:npm/x\n    reason: r\n    owner: o\n    expires: 2027-01-01\n',
    );
    const result = await runCustody(['policy', 'lint', at('lint.yaml')]);
    expect(result.status).toBe(2);
    expect(result.stdout.trim().split('\n')).toEqual([
      `${at('lint.yaml')}:6:18: "Not-A-License" is not a single SPDX license id, LicenseRef-, "X WITH Y" or category:NAME`,
      `${at('lint.yaml')}:6:33: unknown license category "nope"`,
      `${at('lint.yaml')}:8:11: waiver names rule "missing", which no rule has as id`,
    ]);
  });
});
