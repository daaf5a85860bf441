import { describe, expect, it } from 'vitest';
import { checkDocumentNamespace, parseSourceDateEpoch } from './options.js';

describe('SOURCE_DATE_EPOCH', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['0', 0],
    ['1700000000', 1700000000],
  ])('reads %j as %j', (value, expected) => {
    expect(parseSourceDateEpoch(value)).toBe(expected);
  });

  it.each(['-1', '1.5', 'yesterday', '99999999999999'])(
    'refuses %s as a usage error (INVALID_DOCUMENT_OPTION)',
    (value) => {
      expect(() => parseSourceDateEpoch(value)).toThrow(
        expect.objectContaining({ code: 'INVALID_DOCUMENT_OPTION', kind: 'usage' }),
      );
    },
  );
});

describe('--namespace', () => {
  it('accepts an absolute URI without #', () => {
    expect(checkDocumentNamespace('https://acme.test/sboms/1')).toBe('https://acme.test/sboms/1');
  });

  it('refuses one with # as a usage error (INVALID_DOCUMENT_OPTION)', () => {
    expect(() => checkDocumentNamespace('https://acme.test/sboms#1')).toThrow(
      expect.objectContaining({ code: 'INVALID_DOCUMENT_OPTION', kind: 'usage' }),
    );
  });
});
