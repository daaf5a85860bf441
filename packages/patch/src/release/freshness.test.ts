// apt's freshness rules, one case per outcome. The 10 s tolerance is what apt-get update showed
// on a repository of the tests (accepted 9 s ahead, refused 12 s ahead: "not valid yet").
import { describe, expect, it } from 'vitest';
import { checkReleaseFreshness } from './freshness.js';
import { parseRelease } from './release-file.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const SHA = `SHA256:\n ${'0'.repeat(64)} 0 main/binary-amd64/Packages\n`;
const release = (fields: string) => parseRelease(`${fields}${SHA}`, 'Release');

describe('checkReleaseFreshness', () => {
  const cases: [string, string, Date | undefined, string | undefined][] = [
    [
      'inside its window',
      'Date: Wed, 25 Nov 2026 11:00:00 UTC\nValid-Until: Wed, 02 Dec 2026 11:00:00 UTC\n',
      undefined,
      undefined,
    ],
    ["dated 9 s ahead (within apt's skew)", 'Date: Wed, 25 Nov 2026 12:00:09 UTC\n', undefined, undefined],
    ['dated 11 s ahead', 'Date: Wed, 25 Nov 2026 12:00:11 UTC\n', undefined, 'RELEASE_DATE_IN_FUTURE'],
    [
      'Valid-Until one second past',
      'Date: Wed, 18 Nov 2026 11:59:59 UTC\nValid-Until: Wed, 25 Nov 2026 11:59:59 +0000\n',
      undefined,
      'RELEASE_EXPIRED',
    ],
    [
      'same Date as seen before',
      'Date: Wed, 25 Nov 2026 11:00:00 UTC\n',
      new Date('2026-11-25T11:00:00Z'),
      undefined,
    ],
    [
      'older than one seen before',
      'Date: Wed, 25 Nov 2026 10:59:59 UTC\n',
      new Date('2026-11-25T11:00:00Z'),
      'RELEASE_REPLAYED',
    ],
    ['no Date at all', 'Suite: stable\n', undefined, 'RELEASE_INVALID'],
  ];
  it.each(cases)('%s', (_name, fields, lastDate, code) => {
    const check = () =>
      checkReleaseFreshness(release(fields), {
        now: NOW,
        input: 'Release',
        ...(lastDate ? { lastDate } : {}),
      });
    if (code === undefined) expect(check).not.toThrow();
    else expect(check).toThrow(expect.objectContaining({ code, kind: 'input' }));
  });
});

describe('parseRelease', () => {
  it('refuses a Release without SHA256: RELEASE_INVALID', () => {
    expect(() => parseRelease('Date: Wed, 25 Nov 2026 11:00:00 UTC\nMD5Sum:\n 0 0 x\n', 'Release')).toThrow(
      expect.objectContaining({ code: 'RELEASE_INVALID' }),
    );
  });
});
