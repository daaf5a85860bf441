import type { Sbom } from '@custody/sbom';
import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../evaluate/evaluate.js';
import { DEFAULT_SETTINGS, type Policy, type Waiver } from '../model/policy.js';

const sbom: Sbom = {
  document: { name: 'app' },
  describes: ['app'],
  relationships: [],
  components: [
    { id: 'a', type: 'library', name: 'left-pad', version: '1.0.0', purl: 'pkg:npm/left-pad@1.0.0' },
    { id: 'b', type: 'library', name: 'event-stream', version: '3.3.6', purl: 'pkg:npm/event-stream@3.3.6' },
  ],
};

function policyWith(waivers: Waiver[]): Policy {
  return {
    apiVersion: 'custody.dev/v1',
    settings: { ...DEFAULT_SETTINGS, waiverWarnDays: 30 },
    rules: [
      {
        id: 'banned',
        kind: 'package',
        severity: 'high',
        mode: 'enforce',
        deny: [{ purl: 'pkg:npm/left-pad' }],
      },
      { id: 'supplier', kind: 'component', severity: 'low', mode: 'enforce', require: ['supplier'] },
    ],
    waivers,
    files: ['policy.yaml'],
  };
}

const now = new Date('2026-06-15T12:00:00Z');
const waiver = (match: string, expires: string, rule = 'banned'): Waiver => ({
  rule,
  match,
  expires,
  reason: 'migration planned',
  owner: 'team-a',
});

describe('waivers', () => {
  it('an active waiver suppresses the matching failure and passes the check', () => {
    const report = evaluatePolicy(
      policyWith([waiver('pkg:npm/left-pad@*', '2027-01-01'), waiver('pkg:npm/*', '2027-01-01', 'supplier')]),
      [{ name: 's', sbom }],
      { now },
    );
    const banned = report.results.find((r) => r.ruleId === 'banned' && r.component.id === 'a');
    expect(banned?.outcome).toBe('fail');
    expect(banned?.waiver?.owner).toBe('team-a');
    expect(report.waivers.map((w) => [w.state, w.matched])).toEqual([
      ['active', 1],
      ['active', 2],
    ]);
    expect(report.summary).toMatchObject({ failed: 0, waived: 3, waiverProblems: 0 });
    expect(report.status).toBe('pass');
  });

  it('an expired waiver stops applying and is reported', () => {
    const report = evaluatePolicy(
      policyWith([waiver('pkg:npm/left-pad', '2026-06-14')]),
      [{ name: 's', sbom }],
      { now },
    );
    const banned = report.results.find((r) => r.ruleId === 'banned' && r.component.id === 'a');
    expect(banned?.waiver).toBeUndefined();
    expect(report.waivers[0]).toMatchObject({ state: 'expired', matched: 1 });
    expect(report.status).toBe('fail');
  });

  it('applies through the last day it names', () => {
    const report = evaluatePolicy(
      policyWith([waiver('pkg:npm/left-pad', '2026-06-15')]),
      [{ name: 's', sbom }],
      { now },
    );
    expect(report.waivers[0]?.state).toBe('expiring');
    expect(report.waivers[0]?.daysLeft).toBe(0);
  });

  it('a waiver that matches nothing is stale', () => {
    const report = evaluatePolicy(
      policyWith([waiver('pkg:npm/right-pad@*', '2027-01-01')]),
      [{ name: 's', sbom }],
      { now },
    );
    expect(report.waivers[0]).toMatchObject({ state: 'stale', matched: 0 });
    expect(report.summary.waiverProblems).toBe(1);
  });

  it('a waiver matching only passing results is stale', () => {
    const report = evaluatePolicy(
      policyWith([waiver('pkg:npm/event-stream@*', '2027-01-01')]),
      [{ name: 's', sbom }],
      { now },
    );
    expect(report.waivers[0]?.state).toBe('stale');
  });

  it('a waiver expiring within waiverWarnDays is flagged and still applies', () => {
    const report = evaluatePolicy(
      policyWith([waiver('pkg:npm/left-pad@1.*', '2026-07-01')]),
      [{ name: 's', sbom }],
      { now },
    );
    expect(report.waivers[0]).toMatchObject({ state: 'expiring', daysLeft: 16 });
    expect(report.results.find((r) => r.ruleId === 'banned' && r.component.id === 'a')?.waiver).toBeDefined();
  });

  it('a waiver of another rule does not suppress', () => {
    const report = evaluatePolicy(
      policyWith([waiver('pkg:npm/left-pad', '2027-01-01', 'supplier')]),
      [{ name: 's', sbom }],
      { now },
    );
    expect(
      report.results.find((r) => r.ruleId === 'banned' && r.component.id === 'a')?.waiver,
    ).toBeUndefined();
  });
});
