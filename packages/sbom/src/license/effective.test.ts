import { describe, expect, it } from 'vitest';
import { effectiveLicense, type LicenseChoice } from './effective.js';

const mit = { expression: 'MIT' };
const apache = { expression: 'Apache-2.0' };
const unknown = { expression: 'NOASSERTION' };

describe('effectiveLicense', () => {
  const cases: {
    name: string;
    declared?: { expression: string };
    concluded?: { expression: string };
    choice?: LicenseChoice;
    expected?: string;
  }[] = [
    { name: 'concluded wins by default', declared: mit, concluded: apache, expected: 'Apache-2.0' },
    {
      name: 'NOASSERTION concluded falls back to declared',
      declared: mit,
      concluded: unknown,
      expected: 'MIT',
    },
    { name: 'no concluded falls back to declared', declared: mit, expected: 'MIT' },
    { name: 'NOASSERTION only when nothing says more', concluded: unknown, expected: 'NOASSERTION' },
    {
      name: 'declared-else-concluded',
      declared: mit,
      concluded: apache,
      choice: 'declared-else-concluded',
      expected: 'MIT',
    },
    { name: 'declared only', concluded: apache, choice: 'declared', expected: undefined },
    {
      name: 'concluded only',
      declared: mit,
      concluded: unknown,
      choice: 'concluded',
      expected: 'NOASSERTION',
    },
  ];
  it.each(cases)('$name', ({ declared, concluded, choice, expected }) => {
    const licenses = { ...(declared ? { declared } : {}), ...(concluded ? { concluded } : {}) };
    expect(effectiveLicense(licenses, choice)?.expression).toBe(expected);
  });
});
