import { describe, expect, it } from 'vitest';
import { normalizeLicense } from './normalize.js';

// Expected expressions come from the SPDX License List (ids, deprecations and their successors,
// spdx.org/licenses) and the SPDX 2.3 Annex D expression grammar, not from running this code.
const cases: { raw: string; expression: string; step?: RegExp; warns: boolean }[] = [
  // Valid expressions are kept as written.
  { raw: 'MIT', expression: 'MIT', warns: false },
  { raw: 'MIT OR Apache-2.0', expression: 'MIT OR Apache-2.0', warns: false },
  {
    raw: 'GPL-2.0-or-later WITH Classpath-exception-2.0',
    expression: 'GPL-2.0-or-later WITH Classpath-exception-2.0',
    warns: false,
  },
  { raw: 'LicenseRef-acme-eula', expression: 'LicenseRef-acme-eula', warns: false },
  { raw: 'DocumentRef-other:LicenseRef-1', expression: 'DocumentRef-other:LicenseRef-1', warns: false },
  // The special values.
  { raw: 'NOASSERTION', expression: 'NOASSERTION', warns: false },
  { raw: 'NONE', expression: 'NONE', warns: false },
  { raw: 'None', expression: 'NONE', step: /read as NONE/, warns: false },
  { raw: '', expression: 'NOASSERTION', step: /empty/, warns: false },
  { raw: 'UNKNOWN', expression: 'NOASSERTION', step: /read as NOASSERTION/, warns: false },
  // `(MIT OR Apache-2.0)` variants: redundant parentheses, operator case, nesting.
  { raw: '(MIT OR Apache-2.0)', expression: 'MIT OR Apache-2.0', step: /canonical form/, warns: false },
  { raw: 'MIT or Apache-2.0', expression: 'MIT OR Apache-2.0', step: /canonical form/, warns: false },
  {
    raw: '((MIT AND (BSD-3-Clause AND ISC)) OR Apache-2.0)',
    expression: '(MIT AND BSD-3-Clause AND ISC) OR Apache-2.0',
    step: /canonical form/,
    warns: false,
  },
  // Deprecated ids (SPDX License List 3.0 made the bare GNU ids mean -only; `+` means -or-later).
  { raw: 'GPL-2.0', expression: 'GPL-2.0-only', step: /deprecated id GPL-2.0 /, warns: true },
  { raw: 'GPL-2.0+', expression: 'GPL-2.0-or-later', step: /deprecated id GPL-2.0\+/, warns: true },
  { raw: 'LGPL-2.1', expression: 'LGPL-2.1-only', step: /deprecated/, warns: true },
  { raw: 'LGPL-2.1+', expression: 'LGPL-2.1-or-later', step: /deprecated/, warns: true },
  { raw: 'AGPL-3.0', expression: 'AGPL-3.0-only', step: /deprecated/, warns: true },
  { raw: 'GFDL-1.3', expression: 'GFDL-1.3-only', step: /deprecated/, warns: true },
  {
    raw: 'GPL-2.0-with-classpath-exception',
    expression: 'GPL-2.0-only WITH Classpath-exception-2.0',
    step: /deprecated/,
    warns: true,
  },
  {
    raw: 'GPL-3.0-with-GCC-exception',
    expression: 'GPL-3.0-only WITH GCC-exception-3.1',
    step: /deprecated/,
    warns: true,
  },
  { raw: 'Net-SNMP', expression: 'Net-SNMP', step: /no single successor/, warns: true },
  { raw: 'StandardML-NJ', expression: 'SMLNJ', step: /deprecated/, warns: true },
  {
    raw: 'GPL-2.0 WITH Classpath-exception-2.0',
    expression: 'GPL-2.0-only WITH Classpath-exception-2.0',
    step: /deprecated/,
    warns: true,
  },
  { raw: 'MIT OR GPL-3.0+', expression: 'MIT OR GPL-3.0-or-later', step: /deprecated/, warns: true },
  // Case.
  { raw: 'mit', expression: 'MIT', step: /case: "mit" is MIT/, warns: true },
  { raw: 'apache-2.0', expression: 'Apache-2.0', step: /case/, warns: true },
  { raw: 'apache-2.0 or mit', expression: 'Apache-2.0 OR MIT', step: /case/, warns: true },
  {
    raw: 'gpl-2.0-or-later with classpath-exception-2.0',
    expression: 'GPL-2.0-or-later WITH Classpath-exception-2.0',
    step: /case/,
    warns: true,
  },
  { raw: 'gpl-2.0+', expression: 'GPL-2.0-or-later', step: /deprecated/, warns: true },
  // Slashes: a choice (Cargo's legacy `MIT/Apache-2.0` means OR).
  { raw: 'MIT/X11', expression: 'MIT OR X11', step: /slash-separated names read as OR/, warns: true },
  { raw: 'MIT/Apache-2.0', expression: 'MIT OR Apache-2.0', step: /OR/, warns: true },
  // Comma lists: every license applies (AND).
  {
    raw: 'LGPL-2.1, GPL-2.0',
    expression: 'LGPL-2.1-only AND GPL-2.0-only',
    step: /comma-separated list read as AND/,
    warns: true,
  },
  { raw: 'MIT, BSD-3-Clause; ISC', expression: 'MIT AND BSD-3-Clause AND ISC', step: /AND/, warns: true },
  {
    raw: 'MIT OR Apache-2.0, BSD-3-Clause',
    expression: '(MIT OR Apache-2.0) AND BSD-3-Clause',
    step: /AND/,
    warns: true,
  },
  // Known names for SPDX ids.
  { raw: 'Apache2', expression: 'Apache-2.0', step: /alias/, warns: true },
  { raw: 'The Apache Software License, Version 2.0', expression: 'Apache-2.0', step: /alias/, warns: true },
  { raw: 'Apache 2.0', expression: 'Apache-2.0', step: /alias/, warns: true },
  { raw: 'BSD-3-Clause License', expression: 'BSD-3-Clause', step: /alias/, warns: true },
  { raw: 'Apache 2.0 Licence', expression: 'Apache-2.0', step: /alias/, warns: true },
  {
    raw: 'GPL 2.0',
    expression: 'GPL-2.0-only',
    step: /deprecated id GPL-2.0 read as GPL-2.0-only/,
    warns: true,
  },
  { raw: 'MIT License', expression: 'MIT', step: /alias/, warns: true },
  { raw: 'GPLv2+', expression: 'GPL-2.0-or-later', step: /alias/, warns: true },
  { raw: 'MIT or Apache 2.0', expression: 'MIT OR Apache-2.0', step: /alias/, warns: true },
  // Vendor names and ambiguous names become defined LicenseRef-s.
  { raw: 'BSD', expression: 'LicenseRef-BSD', step: /not an SPDX expression/, warns: true },
  {
    raw: 'Ultimate Liberty license (SLA0044)',
    expression: 'LicenseRef-Ultimate-Liberty-license-SLA0044',
    step: /not an SPDX/,
    warns: true,
  },
  { raw: 'UNLICENSED', expression: 'LicenseRef-UNLICENSED', step: /not an SPDX/, warns: true },
  // Prose around operators is no expression: an invented LicenseRef- needs a known license beside it.
  {
    raw: 'GNU Lesser General Public License v3 or later',
    expression: 'LicenseRef-GNU-Lesser-General-Public-License-v3-or-later',
    step: /not an SPDX/,
    warns: true,
  },
  { raw: 'Foo or Bar', expression: 'LicenseRef-Foo-or-Bar', step: /not an SPDX/, warns: true },
  {
    raw: 'Foo License, Version 3',
    expression: 'LicenseRef-Foo-License-Version-3',
    step: /not an SPDX/,
    warns: true,
  },
  // Names that are Object members must not reach Object.prototype through a lookup table.
  { raw: 'constructor', expression: 'LicenseRef-constructor', step: /not an SPDX/, warns: true },
  { raw: '__proto__', expression: 'LicenseRef-proto', step: /not an SPDX/, warns: true },
  {
    raw: 'MIT AND Acme Corp EULA',
    expression: 'MIT AND LicenseRef-Acme-Corp-EULA',
    step: /unknown license name "Acme Corp EULA"/,
    warns: true,
  },
];

describe('normalizeLicense', () => {
  it.each(cases)('$raw → $expression', ({ raw, expression, step, warns }) => {
    const { statement, warnings } = normalizeLicense(raw);
    expect(statement.expression).toBe(expression);
    if (step === undefined) {
      expect(statement.normalization).toBeUndefined();
      expect(statement.raw).toBeUndefined();
    } else {
      expect(statement.normalization?.some((s) => step.test(s))).toBe(true);
      expect(statement.raw).toBe(raw);
    }
    expect(warnings.length > 0).toBe(warns);
  });

  it('defines every LicenseRef- it invents, carrying the original text', () => {
    const { statement, definitions } = normalizeLicense('MIT AND Acme Corp EULA');
    expect(statement.expression).toContain('LicenseRef-Acme-Corp-EULA');
    expect(definitions).toEqual([
      { id: 'LicenseRef-Acme-Corp-EULA', name: 'Acme Corp EULA', text: 'Acme Corp EULA' },
    ]);
  });

  it('keeps long texts that begin alike apart', () => {
    const start =
      'Permission is hereby granted, free of charge, to any person obtaining a copy of this software';
    const a = normalizeLicense(`${start}, version one`).statement.expression;
    const b = normalizeLicense(`${start}, version two`).statement.expression;
    expect(a).not.toBe(b);
    expect(a).toMatch(/^LicenseRef-Permission-is-hereby-granted-[A-Za-z0-9.-]+-[0-9a-f]{8}$/);
    expect(a.length).toBeLessThanOrEqual('LicenseRef-'.length + 64);
  });

  it('gives each caller its own copy, so mutating one result cannot change another', () => {
    const first = normalizeLicense('GPL-2.0');
    first.statement.normalization?.push('changed');
    first.statement.expression = 'changed';
    const second = normalizeLicense('GPL-2.0');
    expect(second.statement.expression).toBe('GPL-2.0-only');
    expect(second.statement.normalization).toHaveLength(1);
  });
});
