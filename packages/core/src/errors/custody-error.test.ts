import { describe, expect, it } from 'vitest';
import { CoreError, CustodyError, isCustodyError } from './custody-error.js';

describe('CustodyError', () => {
  it.each([
    ['check', 1],
    ['usage', 2],
    ['input', 2],
    ['network', 3],
    ['internal', 3],
  ] as const)('maps kind %s to exit status %i', (kind, status) => {
    expect(new CustodyError('X', kind, 'm').exitStatus).toBe(status);
  });

  it('names the input and line once in its one-line form', () => {
    const error = new CoreError('READ_FAILED', 'input', 'unexpected end', {
      input: 'a.json',
      line: 3,
      hint: 'fix it',
    });
    expect(error.toLine()).toBe('a.json:3: unexpected end (fix it)');
    const named = new CoreError('READ_FAILED', 'input', 'cannot read a.json', { input: 'a.json' });
    expect(named.toLine()).toBe('cannot read a.json');
    expect(isCustodyError(named)).toBe(true);
    expect(isCustodyError(new Error('x'))).toBe(false);
  });
});
