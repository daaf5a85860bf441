import { describe, expect, it } from 'vitest';
import { VerifyError } from '../errors.js';
import { seedNpmRegistryKeys, seedTrustedRootText } from './seed.js';
import { allKeysExpired, parseTrustedRoots } from './trusted-root.js';

function root(start: string | undefined, end?: string): Record<string, unknown> {
  const validFor: Record<string, string> = {};
  if (start !== undefined) validFor.start = start;
  if (end !== undefined) validFor.end = end;
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: 'https://log.example',
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: 'AAAA', keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor },
        logId: { keyId: 'AAAA' },
      },
    ],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
  };
}

function codeOf(body: () => unknown): string | undefined {
  try {
    body();
  } catch (error) {
    return error instanceof VerifyError ? error.code : 'not a VerifyError';
  }
  return undefined;
}

describe('trusted roots', () => {
  it('reads one JSON root and JSON Lines of roots', () => {
    expect(parseTrustedRoots(JSON.stringify(root('2021-01-01T00:00:00Z')), 'a.json')).toHaveLength(1);
    const lines = [root('2021-01-01T00:00:00Z'), root('2022-01-01T00:00:00Z')]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const roots = parseTrustedRoots(lines, 'roots.jsonl');
    expect(roots).toHaveLength(2);
    expect(roots[1]?.root.tlogs[0]?.publicKey?.validFor?.start?.toISOString()).toBe(
      '2022-01-01T00:00:00.000Z',
    );
  });

  it.each([
    [
      'a log key without validFor.start (TimeRange.start is required)',
      JSON.stringify(root(undefined)),
      'TRUSTED_ROOT_INVALID',
    ],
    ['another document', JSON.stringify({ mediaType: 'application/json' }), 'TRUSTED_ROOT_INVALID'],
    ['text that is not JSON', 'not json\nat all', 'INPUT_UNREADABLE'],
    ['an empty file', '', 'INPUT_UNREADABLE'],
  ])('refuses %s', (_what, text, code) => {
    expect(codeOf(() => parseTrustedRoots(text, 'root.json'))).toBe(code);
  });

  it('tells when every key has expired', () => {
    const [expired] = parseTrustedRoots(
      JSON.stringify(root('2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z')),
      'x',
    );
    const [open] = parseTrustedRoots(JSON.stringify(root('2020-01-01T00:00:00Z')), 'x');
    expect(allKeysExpired(expired!.root, new Date('2025-01-01'))).toBe(true);
    expect(allKeysExpired(expired!.root, new Date('2020-06-01'))).toBe(false);
    expect(allKeysExpired(open!.root, new Date('2025-01-01'))).toBe(false);
  });

  it('reads the public-good root and the npm keys from the @sigstore/tuf seed', () => {
    const [seed] = parseTrustedRoots(seedTrustedRootText(), 'seed');
    expect(seed?.root.tlogs.map((log) => log.baseUrl)).toContain('https://rekor.sigstore.dev');
    // keyIds as the fixtures README lists them for registry.npmjs.org/keys.json
    const ids = seedNpmRegistryKeys()
      .filter((key) => key.keyUsage === 'npm:attestations')
      .map((key) => key.keyId);
    expect(ids).toEqual([
      'SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA',
      'SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U',
    ]);
  });
});
