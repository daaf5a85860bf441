import type { Component } from '@custody/sbom';
import { describe, expect, it } from 'vitest';
import { type ComponentRule, DEFAULT_SETTINGS } from '../model/policy.js';
import type { ComponentDetail } from '../model/result.js';
import { componentEvaluator } from './component-rule.js';

const full: Component = {
  id: 'c',
  type: 'library',
  name: 'left-pad',
  version: '1.3.0',
  purl: 'pkg:npm/left-pad@1.3.0',
  supplier: { kind: 'organization', name: 'npm' },
  hashes: [{ algorithm: 'SHA-512', value: 'ab' }],
  licenses: { declared: { expression: 'WTFPL' } },
};

function run(
  rule: Partial<ComponentRule>,
  component: Component,
): { outcome: string; detail: ComponentDetail } {
  const verdict = componentEvaluator
    .prepare({ id: 'r', kind: 'component', severity: 'low', mode: 'enforce', ...rule }, DEFAULT_SETTINGS)
    .evaluate(component);
  return { outcome: verdict.outcome, detail: verdict.detail as ComponentDetail };
}

describe('component rule', () => {
  it('passes a component with every required field', () => {
    expect(run({ require: ['supplier', 'version', 'identifier', 'license', 'hash'] }, full).outcome).toBe(
      'pass',
    );
  });

  it.each([
    ['supplier', { supplier: { kind: 'unknown', name: 'NOASSERTION' } }],
    ['version', { version: '' }],
    ['license', { licenses: { declared: { expression: 'NOASSERTION' } } }],
    ['hash', { hashes: [] }],
  ] as const)('reports a missing %s', (field, change) => {
    const result = run({ require: [field] }, { ...full, ...change } as Component);
    expect(result.outcome).toBe('fail');
    expect(result.detail.missing).toEqual([field]);
  });

  it('counts a CPE or a hash as identifier unless told otherwise', () => {
    const { purl: _, ...noPurl } = full;
    expect(run({ require: ['identifier'] }, noPurl).outcome).toBe('pass');
    expect(run({ require: ['identifier'], identifiers: ['purl'] }, noPurl).outcome).toBe('fail');
    expect(run({ require: ['identifier'] }, { ...noPurl, hashes: [] }).outcome).toBe('fail');
    expect(
      run({ require: ['identifier'] }, { ...noPurl, hashes: [], cpes: ['cpe:2.3:a:x:y:1:*:*:*:*:*:*:*'] })
        .outcome,
    ).toBe('pass');
  });

  it('gates unknown dependencies by purl glob', () => {
    expect(run({ allow: ['pkg:npm/**'] }, full).outcome).toBe('pass');
    expect(run({ allow: ['pkg:pypi/*'] }, full).detail.notAllowed).toBe(true);
    const { purl: _, ...noPurl } = full;
    expect(run({ allow: ['pkg:npm/**'] }, noPurl).outcome).toBe('fail');
  });
});
