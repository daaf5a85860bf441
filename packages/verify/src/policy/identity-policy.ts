import { VerifyError } from '../errors.js';
import type { Comparison } from '../verifier/checks.js';
import type { FulcioExtensionName, SignerIdentity } from './fulcio-extensions.js';

/**
 * Who must have signed a keyless bundle, as cosign 2 asks for it: an identity (exact or regular
 * expression) and an OIDC issuer (exact or regular expression), plus optional GitHub workflow
 * claims. Regular expressions must match the whole value (they are anchored), as in cosign.
 */
export interface IdentityPolicy {
  /** `--certificate-identity`: the SAN, exactly. */
  identity?: string;
  /** `--certificate-identity-regexp`: a pattern the whole SAN must match. */
  identityRegExp?: string;
  /** `--certificate-oidc-issuer`: the issuer, exactly. */
  issuer?: string;
  /** `--certificate-oidc-issuer-regexp`: a pattern the whole issuer must match. */
  issuerRegExp?: string;
  /** GitHub workflow claims (Fulcio extensions), each compared exactly. */
  github?: GitHubClaims;
}

/** The `--github-*` flags. */
export interface GitHubClaims {
  /** `owner/repo` (extension 1.5, else 1.12 without `https://github.com/`). */
  repository?: string;
  /** `refs/heads/main`, `refs/tags/v1` (extension 1.6, else 1.14). */
  ref?: string;
  /** Commit SHA (extension 1.3, else 1.13). */
  sha?: string;
  /** Event name such as `push` (extension 1.2, else 1.20). */
  trigger?: string;
  /** Workflow name (extension 1.4). */
  workflow?: string;
}

/** Throws USAGE unless the policy names an identity and an issuer (cosign 2 requires both). */
export function assertCompletePolicy(policy: IdentityPolicy | undefined): asserts policy is IdentityPolicy {
  const hasIdentity = policy?.identity !== undefined || policy?.identityRegExp !== undefined;
  const hasIssuer = policy?.issuer !== undefined || policy?.issuerRegExp !== undefined;
  if (!hasIdentity || !hasIssuer) {
    throw new VerifyError('USAGE', 'a keyless bundle needs an identity policy', {
      hint: 'give --certificate-identity or --certificate-identity-regexp, and --certificate-oidc-issuer or --certificate-oidc-issuer-regexp',
    });
  }
}

/** Compiles a user pattern anchored at both ends; a bad pattern is a usage error. */
export function anchoredRegExp(pattern: string, flag: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch (error) {
    throw new VerifyError('USAGE', `${flag}: not a regular expression: ${(error as Error).message}`);
  }
}

const GITHUB_CLAIMS: [keyof GitHubClaims, FulcioExtensionName, FulcioExtensionName | undefined][] = [
  ['repository', 'githubWorkflowRepository', 'sourceRepositoryUri'],
  ['ref', 'githubWorkflowRef', 'sourceRepositoryRef'],
  ['sha', 'githubWorkflowSha', 'sourceRepositoryDigest'],
  ['trigger', 'githubWorkflowTrigger', 'buildTrigger'],
  ['workflow', 'githubWorkflowName', undefined],
];

/** Every comparison the policy makes against the signer, in order. */
export function comparePolicy(policy: IdentityPolicy, signer: SignerIdentity): Comparison[] {
  const comparisons: Comparison[] = [];
  const san = signer.subjectAlternativeName;
  if (policy.identity !== undefined) {
    comparisons.push({
      name: 'certificate-identity',
      expected: policy.identity,
      found: san,
      ok: san === policy.identity,
    });
  }
  if (policy.identityRegExp !== undefined) {
    const pattern = anchoredRegExp(policy.identityRegExp, '--certificate-identity-regexp');
    comparisons.push({
      name: 'certificate-identity-regexp',
      expected: pattern.source,
      found: san,
      ok: san !== undefined && pattern.test(san),
    });
  }
  if (policy.issuer !== undefined) {
    comparisons.push({
      name: 'certificate-oidc-issuer',
      expected: policy.issuer,
      found: signer.issuer,
      ok: signer.issuer === policy.issuer,
    });
  }
  if (policy.issuerRegExp !== undefined) {
    const pattern = anchoredRegExp(policy.issuerRegExp, '--certificate-oidc-issuer-regexp');
    comparisons.push({
      name: 'certificate-oidc-issuer-regexp',
      expected: pattern.source,
      found: signer.issuer,
      ok: signer.issuer !== undefined && pattern.test(signer.issuer),
    });
  }
  for (const [claim, legacy, current] of GITHUB_CLAIMS) {
    const expected = policy.github?.[claim];
    if (expected === undefined) continue;
    let found = signer.extensions[legacy];
    if (found === undefined && current !== undefined) {
      found = signer.extensions[current];
      if (found !== undefined && claim === 'repository')
        found = found.replace(/^https:\/\/github\.com\//, '');
    }
    comparisons.push({ name: `github-${claim}`, expected, found, ok: found === expected });
  }
  return comparisons;
}
