import { describe, expect, it } from 'vitest';
import { VerifyError } from '../errors.js';
import type { SignerIdentity } from './fulcio-extensions.js';
import { assertCompletePolicy, comparePolicy } from './identity-policy.js';

const signer: SignerIdentity = {
  subjectAlternativeName: 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main',
  issuer: 'https://token.actions.githubusercontent.com',
  extensions: {
    sourceRepositoryUri: 'https://github.com/acme/app',
    sourceRepositoryRef: 'refs/heads/main',
    sourceRepositoryDigest: 'abc',
    buildTrigger: 'push',
  },
};

describe('identity policy', () => {
  it.each([
    ['a whole-value pattern', 'https://github\\.com/acme/.*', true],
    ['a pattern matching part of the value only', 'github\\.com/acme', false],
    ['alternatives, anchored as a group', 'x|https://github\\.com/acme/app/.*', true],
  ])('identity regexp: %s', (_what, pattern, ok) => {
    const [comparison] = comparePolicy({ identityRegExp: pattern, issuer: 'x' }, signer);
    expect(comparison?.ok).toBe(ok);
  });

  it('compares GitHub claims, falling back to the Fulcio v2 extensions', () => {
    const comparisons = comparePolicy(
      {
        identity: signer.subjectAlternativeName,
        issuer: signer.issuer,
        github: { repository: 'acme/app', ref: 'refs/heads/main', sha: 'abd', trigger: 'push' },
      },
      signer,
    );
    expect(comparisons.map((c) => [c.name, c.ok])).toEqual([
      ['certificate-identity', true],
      ['certificate-oidc-issuer', true],
      ['github-repository', true],
      ['github-ref', true],
      ['github-sha', false],
      ['github-trigger', true],
    ]);
  });

  it.each([
    ['nothing', undefined],
    ['an identity without an issuer', { identity: 'x' }],
    ['an issuer without an identity', { issuerRegExp: '.*' }],
  ])('refuses %s as a usage error (exit 2)', (_what, policy) => {
    expect(() => assertCompletePolicy(policy)).toThrow(VerifyError);
    try {
      assertCompletePolicy(policy);
    } catch (error) {
      expect((error as VerifyError).exitStatus).toBe(2);
    }
  });

  it('refuses a broken pattern as a usage error', () => {
    expect(() => comparePolicy({ identityRegExp: '(', issuer: 'x' }, signer)).toThrow(
      /not a regular expression/,
    );
  });
});
