import type { Component } from '@custody/sbom';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type LicenseRule } from '../model/policy.js';
import type { LicenseDetail } from '../model/result.js';
import { licenseEvaluator } from '../rules/license-rule.js';

interface Case {
  name: string;
  /** The component's declared license as an SBOM would write it. */
  license: string;
  list: 'allow' | 'deny';
  entries: string[];
  inherit?: boolean;
  outcome: 'pass' | 'fail';
  /** The OR branch chosen when the rule passes. */
  branch?: string;
  /** The offending leaves when it fails. */
  offending?: string[];
}

// Expectations follow the semantics, decided by hand: allow passes when some OR branch
// has every AND leaf allowed; deny fails only when every OR choice holds a denied leaf. Several
// rows are the shapes behind dependency-review-action's wrong answers (its issues #263, #692,
// #792, #842, #1011: OR expressions read as AND, AND read as OR, WITH and -or-later mishandled).
const cases: Case[] = [
  // AND of allowed ids
  {
    name: 'AND, both allowed',
    license: 'MIT AND BSD-3-Clause',
    list: 'allow',
    entries: ['MIT', 'BSD-3-Clause'],
    outcome: 'pass',
    branch: 'MIT AND BSD-3-Clause',
  },
  {
    name: 'AND, one not allowed',
    license: 'MIT AND GPL-3.0-only',
    list: 'allow',
    entries: ['MIT', 'Apache-2.0'],
    outcome: 'fail',
    offending: ['GPL-3.0-only'],
  },
  {
    name: 'AND, deny catches either leaf',
    license: 'MIT AND GPL-3.0-only',
    list: 'deny',
    entries: ['GPL-3.0-only'],
    outcome: 'fail',
    offending: ['GPL-3.0-only'],
  },
  // OR with one denied branch
  {
    name: 'OR, first branch not allowed, second is',
    license: 'GPL-3.0-only OR MIT',
    list: 'allow',
    entries: ['MIT'],
    outcome: 'pass',
    branch: 'MIT',
  },
  {
    name: 'OR, one branch denied',
    license: 'MIT OR GPL-3.0-only',
    list: 'deny',
    entries: ['GPL-3.0-only'],
    outcome: 'pass',
    branch: 'MIT',
  },
  {
    name: 'OR, every branch denied',
    license: 'GPL-3.0-only OR AGPL-3.0-only',
    list: 'deny',
    entries: ['GPL-3.0-only', 'AGPL-3.0-only'],
    outcome: 'fail',
    offending: ['GPL-3.0-only', 'AGPL-3.0-only'],
  },
  {
    name: 'OR, no branch allowed',
    license: 'GPL-3.0-only OR AGPL-3.0-only',
    list: 'allow',
    entries: ['MIT'],
    outcome: 'fail',
    offending: ['GPL-3.0-only', 'AGPL-3.0-only'],
  },
  {
    name: 'nested OR inside AND',
    license: '(MIT OR Apache-2.0) AND BSD-2-Clause',
    list: 'allow',
    entries: ['Apache-2.0', 'BSD-2-Clause'],
    outcome: 'pass',
    branch: 'Apache-2.0 AND BSD-2-Clause',
  },
  {
    name: 'AND over an OR with a denied branch',
    license: 'MIT AND (GPL-2.0-only OR LGPL-2.1-only)',
    list: 'deny',
    entries: ['GPL-2.0-only'],
    outcome: 'pass',
    branch: 'MIT AND LGPL-2.1-only',
  },
  {
    name: 'first passing branch is chosen',
    license: 'Apache-2.0 OR MIT',
    list: 'allow',
    entries: ['MIT', 'Apache-2.0'],
    outcome: 'pass',
    branch: 'Apache-2.0',
  },
  // WITH
  {
    name: 'WITH needs its own allow entry',
    license: 'GPL-2.0-only WITH Classpath-exception-2.0',
    list: 'allow',
    entries: ['GPL-2.0-only'],
    outcome: 'fail',
    offending: ['GPL-2.0-only WITH Classpath-exception-2.0'],
  },
  {
    name: 'WITH passes when exceptions inherit',
    license: 'GPL-2.0-only WITH Classpath-exception-2.0',
    list: 'allow',
    entries: ['GPL-2.0-only'],
    inherit: true,
    outcome: 'pass',
    branch: 'GPL-2.0-only WITH Classpath-exception-2.0',
  },
  {
    name: 'WITH entry allows the WITH expression',
    license: 'GPL-2.0-only WITH Classpath-exception-2.0',
    list: 'allow',
    entries: ['GPL-2.0-only WITH Classpath-exception-2.0'],
    outcome: 'pass',
    branch: 'GPL-2.0-only WITH Classpath-exception-2.0',
  },
  {
    name: 'WITH entry does not allow the bare license',
    license: 'GPL-2.0-only',
    list: 'allow',
    entries: ['GPL-2.0-only WITH Classpath-exception-2.0'],
    outcome: 'fail',
    offending: ['GPL-2.0-only'],
  },
  {
    name: 'bare deny does not catch WITH',
    license: 'GPL-2.0-only WITH Classpath-exception-2.0',
    list: 'deny',
    entries: ['GPL-2.0-only'],
    outcome: 'pass',
    branch: 'GPL-2.0-only WITH Classpath-exception-2.0',
  },
  {
    name: 'bare deny catches WITH when exceptions inherit',
    license: 'GPL-2.0-only WITH Classpath-exception-2.0',
    list: 'deny',
    entries: ['GPL-2.0-only'],
    inherit: true,
    outcome: 'fail',
    offending: ['GPL-2.0-only WITH Classpath-exception-2.0'],
  },
  {
    name: 'WITH entry with -or-later admits a later version',
    license: 'GPL-3.0-only WITH Classpath-exception-2.0',
    list: 'allow',
    entries: ['GPL-2.0-or-later WITH Classpath-exception-2.0'],
    outcome: 'pass',
    branch: 'GPL-3.0-only WITH Classpath-exception-2.0',
  },
  // -or-later and +
  {
    name: '-or-later passes with a later version listed',
    license: 'GPL-2.0-or-later',
    list: 'allow',
    entries: ['GPL-3.0-only'],
    outcome: 'pass',
    branch: 'GPL-2.0-or-later',
  },
  {
    name: '+ passes with a later version listed',
    license: 'GPL-2.0+',
    list: 'allow',
    entries: ['GPL-3.0-only'],
    outcome: 'pass',
    branch: 'GPL-2.0-or-later',
  },
  {
    name: '-or-later does not admit an earlier version',
    license: 'GPL-3.0-or-later',
    list: 'allow',
    entries: ['GPL-2.0-only'],
    outcome: 'fail',
    offending: ['GPL-3.0-or-later'],
  },
  {
    name: '-or-later escapes a deny of one version',
    license: 'GPL-2.0-or-later',
    list: 'deny',
    entries: ['GPL-2.0-only'],
    outcome: 'pass',
    branch: 'GPL-2.0-or-later',
  },
  {
    name: '-or-later denied when every version is',
    license: 'GPL-2.0-or-later',
    list: 'deny',
    entries: ['GPL-2.0-only', 'GPL-3.0-only'],
    outcome: 'fail',
    offending: ['GPL-2.0-or-later'],
  },
  {
    name: 'MPL-1.1+ passes with MPL-2.0 listed',
    license: 'MPL-1.1+',
    list: 'allow',
    entries: ['MPL-2.0'],
    outcome: 'pass',
    branch: 'MPL-1.1+',
  },
  {
    name: 'LGPL-2.0-or-later reaches LGPL-3.0',
    license: 'LGPL-2.0-or-later',
    list: 'allow',
    entries: ['LGPL-3.0-only'],
    outcome: 'pass',
    branch: 'LGPL-2.0-or-later',
  },
  {
    name: 'Apache-1.1+ reaches Apache-2.0',
    license: 'Apache-1.1+',
    list: 'allow',
    entries: ['Apache-2.0'],
    outcome: 'pass',
    branch: 'Apache-1.1+',
  },
  {
    name: 'EPL-1.0 alone does not reach EPL-2.0',
    license: 'EPL-1.0',
    list: 'allow',
    entries: ['EPL-2.0'],
    outcome: 'fail',
    offending: ['EPL-1.0'],
  },
  {
    name: 'an -or-later entry allows later -only versions',
    license: 'LGPL-3.0-only',
    list: 'allow',
    entries: ['LGPL-2.1-or-later'],
    outcome: 'pass',
    branch: 'LGPL-3.0-only',
  },
  // deprecated ids
  {
    name: 'deprecated GPL-2.0 means GPL-2.0-only',
    license: 'GPL-2.0',
    list: 'allow',
    entries: ['GPL-2.0-only'],
    outcome: 'pass',
    branch: 'GPL-2.0-only',
  },
  {
    name: 'deprecated id on the list',
    license: 'LGPL-2.1-only',
    list: 'deny',
    entries: ['LGPL-2.1'],
    outcome: 'fail',
    offending: ['LGPL-2.1-only'],
  },
  {
    name: 'deprecated GPL-2.0 is not GPL-2.0-or-later',
    license: 'GPL-2.0',
    list: 'allow',
    entries: ['GPL-3.0-only'],
    outcome: 'fail',
    offending: ['GPL-2.0-only'],
  },
  {
    name: 'deprecated -with- id becomes a WITH expression',
    license: 'GPL-2.0-with-classpath-exception',
    list: 'allow',
    entries: ['GPL-2.0-only WITH Classpath-exception-2.0'],
    outcome: 'pass',
    branch: 'GPL-2.0-only WITH Classpath-exception-2.0',
  },
  // LicenseRef-
  {
    name: 'LicenseRef- on the allow list',
    license: 'LicenseRef-Acme-Proprietary',
    list: 'allow',
    entries: ['LicenseRef-Acme-Proprietary'],
    outcome: 'pass',
    branch: 'LicenseRef-Acme-Proprietary',
  },
  {
    name: 'LicenseRef- is no permissive license',
    license: 'LicenseRef-Acme-Proprietary',
    list: 'allow',
    entries: ['category:permissive'],
    outcome: 'fail',
    offending: ['LicenseRef-Acme-Proprietary'],
  },
  {
    name: 'LicenseRef- is in category unknown',
    license: 'MIT OR LicenseRef-Acme',
    list: 'deny',
    entries: ['category:unknown'],
    outcome: 'pass',
    branch: 'MIT',
  },
  // case
  {
    name: 'ids and operators in lower case',
    license: 'mit and apache-2.0',
    list: 'allow',
    entries: ['MIT', 'Apache-2.0'],
    outcome: 'pass',
    branch: 'MIT AND Apache-2.0',
  },
  {
    name: 'list entries in another case',
    license: 'BSD-3-Clause',
    list: 'allow',
    entries: ['bsd-3-clause'],
    outcome: 'pass',
    branch: 'BSD-3-Clause',
  },
  // comma and slash lists
  {
    name: 'comma list reads as AND',
    license: 'MIT, Apache-2.0',
    list: 'allow',
    entries: ['MIT'],
    outcome: 'fail',
    offending: ['Apache-2.0'],
  },
  {
    name: 'comma list, every license allowed',
    license: 'LGPL-2.1, GPL-2.0',
    list: 'allow',
    entries: ['LGPL-2.1-only', 'GPL-2.0-only'],
    outcome: 'pass',
    branch: 'LGPL-2.1-only AND GPL-2.0-only',
  },
  {
    name: 'MIT/X11 reads as a choice',
    license: 'MIT/X11',
    list: 'allow',
    entries: ['MIT'],
    outcome: 'pass',
    branch: 'MIT',
  },
  // categories
  {
    name: 'category allows',
    license: 'Apache-2.0 AND ISC',
    list: 'allow',
    entries: ['category:permissive'],
    outcome: 'pass',
    branch: 'Apache-2.0 AND ISC',
  },
  {
    name: 'network-copyleft catches AGPL',
    license: 'AGPL-3.0-or-later',
    list: 'deny',
    entries: ['category:network-copyleft'],
    outcome: 'fail',
    offending: ['AGPL-3.0-or-later'],
  },
  {
    name: 'network-copyleft leaves GPL alone',
    license: 'GPL-3.0-only',
    list: 'deny',
    entries: ['category:network-copyleft'],
    outcome: 'pass',
    branch: 'GPL-3.0-only',
  },
  {
    name: 'copyleft-limited is not copyleft',
    license: 'MPL-2.0',
    list: 'deny',
    entries: ['category:copyleft'],
    outcome: 'pass',
    branch: 'MPL-2.0',
  },
  {
    name: 'public-domain category',
    license: 'CC0-1.0 OR GPL-3.0-only',
    list: 'allow',
    entries: ['category:public-domain'],
    outcome: 'pass',
    branch: 'CC0-1.0',
  },
];

function componentWith(license: string): Component {
  return { id: 'c', type: 'library', name: 'c', licenses: { declared: { expression: license } } };
}

describe('license rule semantics', () => {
  it.each(cases)('$name: $license', (c) => {
    const rule: LicenseRule = {
      id: 'r',
      kind: 'license',
      severity: 'high',
      mode: 'enforce',
      [c.list]: c.entries,
    };
    const settings = { ...DEFAULT_SETTINGS, exceptionsInherit: c.inherit === true };
    const verdict = licenseEvaluator.prepare(rule, settings).evaluate(componentWith(c.license));
    const detail = verdict.detail as LicenseDetail;
    expect(verdict.outcome).toBe(c.outcome);
    if (c.outcome === 'pass') expect(detail.chosenBranch).toBe(c.branch);
    else {
      expect(detail.chosenBranch).toBeUndefined();
      expect(detail.offending).toEqual(c.offending);
    }
  });
});

describe('unknown licenses', () => {
  const rule: LicenseRule = { id: 'r', kind: 'license', severity: 'high', mode: 'enforce', allow: ['MIT'] };
  const unknowns: [string, Component][] = [
    ['NOASSERTION', componentWith('NOASSERTION')],
    ['NONE', componentWith('NONE')],
    ['no license at all', { id: 'c', type: 'library', name: 'c' }],
  ];
  it.each(unknowns)('%s follows onUnknown', (_, component) => {
    for (const onUnknown of ['fail', 'warn', 'pass'] as const) {
      const verdict = licenseEvaluator.prepare({ ...rule, onUnknown }, DEFAULT_SETTINGS).evaluate(component);
      expect(verdict.outcome).toBe(onUnknown);
    }
  });

  it('the rule overrides settings.onUnknown', () => {
    const verdict = licenseEvaluator
      .prepare({ ...rule, onUnknown: 'fail' }, { ...DEFAULT_SETTINGS, onUnknown: 'pass' })
      .evaluate(componentWith('NOASSERTION'));
    expect(verdict.outcome).toBe('fail');
  });
});

describe('license source', () => {
  const both: Component = {
    id: 'c',
    type: 'library',
    name: 'c',
    licenses: { declared: { expression: 'MIT' }, concluded: { expression: 'GPL-3.0-only' } },
  };
  const rule: LicenseRule = { id: 'r', kind: 'license', severity: 'high', mode: 'enforce', allow: ['MIT'] };
  it.each([
    ['concluded-then-declared', 'fail'],
    ['concluded', 'fail'],
    ['declared', 'pass'],
  ] as const)('%s', (licenseSource, outcome) => {
    expect(
      licenseEvaluator.prepare(rule, { ...DEFAULT_SETTINGS, licenseSource }).evaluate(both).outcome,
    ).toBe(outcome);
  });

  it('falls back to declared when concluded is NOASSERTION', () => {
    const component: Component = {
      ...both,
      licenses: { declared: { expression: 'MIT' }, concluded: { expression: 'NOASSERTION' } },
    };
    expect(licenseEvaluator.prepare(rule, DEFAULT_SETTINGS).evaluate(component).outcome).toBe('pass');
  });
});
