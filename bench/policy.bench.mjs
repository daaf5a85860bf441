// `custody policy check` over a generated 10,000-component CycloneDX SBOM under a 10-rule policy,
// whole process, against `JSON.parse` of the same file alone in a Node process (issue 5,
// acceptance 6: under 300 ms and within 3x of parse alone).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { measureMedian } from './lib/measure.mjs';

export const title = 'policy check: 10,000 components, 10 rules (median of 5, whole process)';
const TARGET = { ms: 300, ratio: 3 };
export let notes = '';

const COMPONENTS = 10_000;
const bin = fileURLToPath(new URL('../packages/cli/bundle/bin.mjs', import.meta.url));

// A realistic spread of license strings, including ones that need normalization.
const LICENSES = [
  'MIT',
  'Apache-2.0',
  'ISC',
  'BSD-3-Clause',
  'MIT OR Apache-2.0',
  'GPL-3.0-only',
  'LGPL-2.1-or-later',
  'Apache2',
  'BSD-2-Clause',
  'MPL-2.0',
];

function licenseEntry(text) {
  return text.includes(' ') ? { expression: text } : { license: { id: text } };
}

export function bom() {
  const components = [];
  for (let i = 0; i < COMPONENTS; i++) {
    const name = `pkg-${i}`;
    const version = `${i % 7}.${i % 13}.${i % 5}`;
    components.push({
      type: 'library',
      'bom-ref': `pkg:npm/${name}@${version}`,
      name,
      version,
      purl: `pkg:npm/${name}@${version}`,
      ...(i % 10 === 0 ? {} : { supplier: { name: `Org ${i % 50}` } }),
      // An expression where the string is one, a single license id otherwise (CycloneDX 1.6 §licenses).
      licenses: [licenseEntry(LICENSES[i % LICENSES.length])],
      hashes: [{ alg: 'SHA-512', content: 'ab'.repeat(64) }],
      ...(i % 9 === 0 ? { scope: 'optional' } : {}),
    });
  }
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    version: 1,
    metadata: {
      timestamp: '2026-01-01T00:00:00Z',
      component: { type: 'application', name: 'bench', version: '1.0.0', 'bom-ref': 'bench' },
    },
    components,
    dependencies: components
      .slice(0, 2000)
      .map((c, i) => ({ ref: c['bom-ref'], dependsOn: [components[(i + 1) % COMPONENTS]['bom-ref']] })),
  };
}

export const POLICY = `apiVersion: custody.dev/v1
settings:
  onUnknown: warn
  waiverWarnDays: 30
rules:
  - { id: permissive, kind: license, severity: high, allow: [category:permissive, category:public-domain, MPL-2.0] }
  - { id: no-copyleft, kind: license, severity: critical, deny: [category:copyleft] }
  - { id: no-network-copyleft, kind: license, severity: critical, deny: [category:network-copyleft] }
  - { id: no-gpl3, kind: license, severity: high, mode: warn, deny: [GPL-3.0-only, GPL-3.0-or-later] }
  - { id: supplier, kind: component, severity: low, mode: warn, require: [supplier] }
  - { id: identified, kind: component, severity: medium, require: [version, identifier], identifiers: [purl] }
  - { id: hashed, kind: component, severity: low, mode: audit, require: [hash] }
  - { id: known, kind: component, severity: medium, allow: ["pkg:npm/**"] }
  - { id: banned, kind: package, severity: high, deny: [{ purl: "pkg:npm/pkg-1*", versions: "<1.0.0" }, { purl: "pkg:npm/pkg-42", versions: ">=0.0.0" }] }
  - { id: scoped, kind: license, severity: info, mode: audit, scopes: [optional], allow: [MIT] }
waivers:
  - { rule: no-copyleft, match: "pkg:npm/pkg-5*", reason: bench, owner: bench, expires: 2099-01-01 }
`;

// Where the time of one check goes, measured inside one process with the built packages (their
// dist/, not the CLI bundle: the module load is the unbundled libraries').
async function splitPhases(sbomPath, policyPath) {
  const script = `
    const t0 = performance.now();
    const { readSbom } = await import(${JSON.stringify(new URL('../packages/sbom/dist/index.js', import.meta.url).href)});
    const { loadPolicy, evaluatePolicy } = await import(${JSON.stringify(new URL('../packages/policy/dist/index.js', import.meta.url).href)});
    const t1 = performance.now();
    const sbom = await readSbom(${JSON.stringify(sbomPath)});
    const t2 = performance.now();
    evaluatePolicy(await loadPolicy(${JSON.stringify(policyPath)}), [{ name: 'bom', sbom }]);
    const t3 = performance.now();
    console.log(JSON.stringify({ load: Math.round(t1 - t0), read: Math.round(t2 - t1), evaluate: Math.round(t3 - t2) }));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
  return JSON.parse(stdout);
}

export async function run() {
  const dir = await mkdtemp(join(tmpdir(), 'custody-bench-policy-'));
  try {
    const sbomPath = join(dir, 'bom.json');
    const policyPath = join(dir, 'policy.yaml');
    await writeFile(sbomPath, JSON.stringify(bom()));
    await writeFile(policyPath, POLICY);
    const parse = await measureMedian(5, process.execPath, [
      '-e',
      `JSON.parse(require('fs').readFileSync(${JSON.stringify(sbomPath)}, 'utf8'))`,
    ]);
    const check = await measureMedian(5, process.execPath, [
      bin,
      'policy',
      'check',
      '--policy',
      policyPath,
      sbomPath,
      '--quiet',
    ]);
    if (check.status !== 0 && check.status !== 1)
      throw new Error(`policy check exited ${check.status}: ${check.stderr}`);
    const row = (what, m) => ({
      what,
      'wall ms': m.wallMs.toFixed(0),
      'peak MiB': m.peakMiB.toFixed(0),
      'x parse': (m.wallMs / parse.wallMs).toFixed(2),
      'components/s': Math.round(COMPONENTS / (m.wallMs / 1000)).toLocaleString('en-US'),
    });
    const phases = await splitPhases(sbomPath, policyPath);
    const ratio = check.wallMs / parse.wallMs;
    const missed = [];
    if (check.wallMs >= TARGET.ms)
      missed.push(`${check.wallMs.toFixed(0)} ms (target under ${TARGET.ms} ms)`);
    if (ratio > TARGET.ratio)
      missed.push(`${ratio.toFixed(2)}x JSON.parse (target at most ${TARGET.ratio}x)`);
    notes = [
      `Targets: custody policy check under ${TARGET.ms} ms and within ${TARGET.ratio}x of JSON.parse alone.`,
      missed.length === 0 ? 'All targets met.' : `Targets missed: ${missed.join('; ')}.`,
    ].join('\n');
    return [
      row('node -e JSON.parse', parse),
      row('custody policy check', check),
      {
        what: `  split in one process (unbundled libraries): module load ${phases.load} ms, read SBOM ${phases.read} ms, evaluate ${phases.evaluate} ms`,
        'wall ms': '',
        'peak MiB': '',
        'x parse': '',
        'components/s': '',
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
