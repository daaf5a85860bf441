import { describe, expect, it } from 'vitest';
import {
  formatLicenseExpression,
  licenseLeaves,
  parseLicenseExpression,
  tryParseLicenseExpression,
} from './expression.js';

describe('tryParseLicenseExpression', () => {
  it('reads AND before OR (SPDX 2.3 Annex D.4 precedence) and flattens chains', () => {
    expect(tryParseLicenseExpression('MIT OR Apache-2.0 AND BSD-3-Clause OR ISC')).toEqual({
      type: 'conjunction',
      conjunction: 'or',
      operands: [
        { type: 'license', license: 'MIT', plus: false },
        {
          type: 'conjunction',
          conjunction: 'and',
          operands: [
            { type: 'license', license: 'Apache-2.0', plus: false },
            { type: 'license', license: 'BSD-3-Clause', plus: false },
          ],
        },
        { type: 'license', license: 'ISC', plus: false },
      ],
    });
  });

  it('keeps + and WITH on the leaf', () => {
    expect(tryParseLicenseExpression('GPL-2.0+ WITH Classpath-exception-2.0')).toEqual({
      type: 'license',
      license: 'GPL-2.0',
      plus: true,
      exception: 'Classpath-exception-2.0',
    });
  });

  it('reads the special values and rejects non-expressions', () => {
    expect(tryParseLicenseExpression('NOASSERTION')).toEqual({ type: 'special', value: 'NOASSERTION' });
    expect(tryParseLicenseExpression('NONE')).toEqual({ type: 'special', value: 'NONE' });
    expect(tryParseLicenseExpression('MIT/X11')).toBeUndefined();
    expect(tryParseLicenseExpression('mit')).toBeUndefined();
  });

  it('formats with parentheses only around nested groups, and round-trips', () => {
    const text = '(MIT AND ISC) OR (Apache-2.0 AND LicenseRef-x) OR GPL-2.0-only WITH GCC-exception-2.0';
    const node = tryParseLicenseExpression(text);
    expect(node).toBeDefined();
    if (node === undefined) return;
    expect(formatLicenseExpression(node)).toBe(text);
    expect(licenseLeaves(node).map((l) => l.license)).toEqual([
      'MIT',
      'ISC',
      'Apache-2.0',
      'LicenseRef-x',
      'GPL-2.0-only',
    ]);
  });
});

describe('parseLicenseExpression', () => {
  it('INVALID_LICENSE_EXPRESSION: an input error that names the text', () => {
    expect(() => parseLicenseExpression('MIT/X11')).toThrowError(
      /"MIT\/X11" is not a valid SPDX license expression/,
    );
    let caught: unknown;
    try {
      parseLicenseExpression('MIT AND');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'INVALID_LICENSE_EXPRESSION', kind: 'input' });
    expect(parseLicenseExpression('MIT')).toEqual({ type: 'license', license: 'MIT', plus: false });
  });
});
