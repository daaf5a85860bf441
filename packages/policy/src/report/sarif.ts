import { createHash } from 'node:crypto';
import { resultLevel } from '../evaluate/evaluate.js';
import type { Severity } from '../model/policy.js';
import type { PolicyReport, RuleResult } from '../model/result.js';

/** GitHub code scanning reads `security-severity` as a CVSS-like score: these land in its bands. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

const WAIVER_RULE = 'custody-waiver';

/** A SARIF reportingDescriptor as custody writes it. */
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
  defaultConfiguration: { level: string };
  properties: { 'security-severity': string; tags: string[]; kind: string };
}

/** What identifies a component across runs: its purl without qualifiers, else name@version. */
function componentKey(result: RuleResult): string {
  const { purl, name, version } = result.component;
  if (purl !== undefined) return purl.replace(/[?#].*$/, '');
  return `${name}@${version ?? ''}`;
}

/**
 * A fingerprint that stays the same while the same rule fails on the same component, whatever
 * the message, the order of components or the SBOM's file name (SARIF 2.1.0 §3.27.17).
 */
function fingerprint(ruleId: string, key: string): string {
  return createHash('sha256').update(`${ruleId}\0${key}`).digest('hex');
}

function level(result: RuleResult): 'error' | 'warning' | 'note' {
  switch (resultLevel(result)) {
    case 'warned':
      return 'warning';
    case 'audited':
      return 'note';
    default:
      return result.mode === 'enforce' && result.outcome === 'fail'
        ? 'error'
        : result.mode === 'audit'
          ? 'note'
          : 'warning';
  }
}

/**
 * The report as SARIF 2.1.0: one result per rule and component that did not pass, waived ones
 * as suppressions (status accepted, with the waiver's reason, owner and expiry), rule metadata
 * with help text and `security-severity`, and waiver problems as results of a rule of their own.
 */
export function formatSarif(report: PolicyReport, toolVersion: string): string {
  const rules: SarifRule[] = report.rules.map((rule) => ({
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.description ?? `${rule.kind} rule ${rule.id}` },
    fullDescription: { text: rule.description ?? `custody ${rule.kind} rule ${rule.id} (${rule.mode})` },
    help: {
      text:
        rule.help ??
        `See the ${rule.kind} rule "${rule.id}" in the policy; run custody policy explain for one component.`,
    },
    defaultConfiguration: {
      level: rule.mode === 'enforce' ? 'error' : rule.mode === 'warn' ? 'warning' : 'note',
    },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.severity],
      tags: ['supply-chain', rule.kind],
      kind: rule.kind,
    },
  }));
  rules.push({
    id: WAIVER_RULE,
    name: WAIVER_RULE,
    shortDescription: { text: 'Waiver expired, stale or expiring soon' },
    fullDescription: {
      text: 'A waiver in the policy has expired, matches no failing result, or expires soon.',
    },
    help: { text: 'Renew or remove the waiver; expired waivers no longer suppress results.' },
    defaultConfiguration: { level: 'warning' },
    properties: {
      'security-severity': SECURITY_SEVERITY.low,
      tags: ['supply-chain', 'waiver'],
      kind: 'waiver',
    },
  });
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const results: object[] = [];
  for (const result of report.results) {
    if (result.outcome === 'pass') continue;
    const key = componentKey(result);
    const sarif: Record<string, unknown> = {
      ruleId: result.ruleId,
      ruleIndex: ruleIndex.get(result.ruleId),
      level: level(result),
      message: { text: `${key}: ${result.message}` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: result.sbom } },
          logicalLocations: [{ name: key, fullyQualifiedName: key, kind: 'package' }],
        },
      ],
      partialFingerprints: { 'custodyComponent/v1': fingerprint(result.ruleId, key) },
      properties: { component: result.component, outcome: result.outcome, detail: result.detail },
    };
    if (result.waiver !== undefined) {
      const w = result.waiver;
      sarif.suppressions = [
        {
          kind: 'external',
          status: 'accepted',
          justification: `${w.reason} (owner ${w.owner}, expires ${w.expires})`,
        },
      ];
    }
    results.push(sarif);
  }
  for (const waiver of report.waivers) {
    if (waiver.state === 'active') continue;
    const file = waiver.source?.file ?? report.policy.files[0] ?? 'policy';
    results.push({
      ruleId: WAIVER_RULE,
      ruleIndex: ruleIndex.get(WAIVER_RULE),
      level: waiver.state === 'expiring' ? 'note' : 'warning',
      message: { text: waiver.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: file },
            region: { startLine: waiver.source?.line ?? 1 },
          },
        },
      ],
      partialFingerprints: {
        'custodyWaiver/v1': fingerprint(WAIVER_RULE, `${waiver.rule}\0${waiver.match}\0${waiver.state}`),
      },
      properties: { state: waiver.state, rule: waiver.rule, match: waiver.match, expires: waiver.expires },
    });
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'custody',
            informationUri: 'https://github.com/custody-dev/custody',
            version: toolVersion,
            rules,
          },
        },
        invocations: [{ executionSuccessful: true, endTimeUtc: report.now }],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
