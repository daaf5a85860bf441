import { describe, expect, it } from 'vitest';
import { predicateTypeMatches, resolvePredicateType } from './predicate-types.js';
import { compareRequirements, crossCheckCertificate, provenanceFacts } from './slsa.js';
import type { InTotoStatement } from './statement.js';

// Shapes from the SLSA specs' examples (slsa.dev/spec/v0.2/provenance, /spec/v1.0/provenance with
// the GitHub Actions workflow build type).
const v02: InTotoStatement = {
  _type: 'https://in-toto.io/Statement/v0.1',
  subject: [],
  predicateType: 'https://slsa.dev/provenance/v0.2',
  predicate: {
    builder: {
      id: 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v1.9.0',
    },
    invocation: {
      configSource: { uri: 'git+https://github.com/acme/app@refs/tags/v1.0.0', digest: { sha1: 'abc' } },
      environment: { github_event_name: 'push' },
    },
  },
};
const v1: InTotoStatement = {
  _type: 'https://in-toto.io/Statement/v1',
  subject: [],
  predicateType: 'https://slsa.dev/provenance/v1',
  predicate: {
    buildDefinition: {
      buildType: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
      externalParameters: {
        workflow: {
          ref: 'refs/heads/main',
          repository: 'https://github.com/acme/app',
          path: '.github/workflows/r.yml',
        },
      },
      internalParameters: { github: { event_name: 'release' } },
      resolvedDependencies: [
        { uri: 'git+https://github.com/acme/app@refs/heads/main', digest: { gitCommit: 'def' } },
      ],
    },
    runDetails: { builder: { id: 'https://github.com/actions/runner/github-hosted' } },
  },
};

describe('SLSA provenance', () => {
  it('reads v0.2 and v1 the same way', () => {
    expect(provenanceFacts(v02)).toMatchObject({
      sourceRepository: 'github.com/acme/app',
      sourceRef: 'refs/tags/v1.0.0',
      sourceDigest: 'abc',
      trigger: 'push',
    });
    expect(provenanceFacts(v1)).toMatchObject({
      builderId: 'https://github.com/actions/runner/github-hosted',
      sourceRepository: 'github.com/acme/app',
      sourceRef: 'refs/heads/main',
      sourceDigest: 'def',
      trigger: 'release',
    });
  });

  it.each([
    [
      'the exact id',
      'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v1.9.0',
      true,
    ],
    [
      'the id without a version',
      'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml',
      true,
    ],
    [
      'another version',
      'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.0.0',
      false,
    ],
  ])('--builder-id: %s', (_what, builderId, ok) => {
    expect(compareRequirements(provenanceFacts(v02), { builderId })[0]?.ok).toBe(ok);
  });

  it('--source-tag compares with refs/tags/TAG', () => {
    expect(compareRequirements(provenanceFacts(v02), { sourceTag: 'v1.0.0' })[0]?.ok).toBe(true);
    expect(compareRequirements(provenanceFacts(v1), { sourceTag: 'main' })[0]?.ok).toBe(false);
  });

  it('cross-checks certificate claims against the predicate', () => {
    const comparisons = crossCheckCertificate(provenanceFacts(v1), {
      extensions: {
        sourceRepositoryUri: 'https://github.com/acme/app',
        sourceRepositoryDigest: 'xyz',
        sourceRepositoryRef: 'refs/heads/main',
      },
    });
    expect(comparisons.map((c) => [c.name, c.ok])).toEqual([
      ['certificate-source-repo', true],
      ['certificate-source-digest', false],
      ['certificate-source-ref', true],
    ]);
  });
});

describe('predicate types', () => {
  it.each([
    ['slsaprovenance', 'https://slsa.dev/provenance/v0.2'],
    ['slsaprovenance1', 'https://slsa.dev/provenance/v1'],
    ['spdxjson', 'https://spdx.dev/Document'],
    ['cyclonedx', 'https://cyclonedx.org/bom'],
    ['openvex', 'https://openvex.dev/ns'],
    ['https://example.com/predicate/v1', 'https://example.com/predicate/v1'],
  ])('%s is %s', (name, uri) => {
    expect(resolvePredicateType(name)).toBe(uri);
  });

  it('refuses an unknown short name; matches versioned OpenVEX and CycloneDX URIs', () => {
    expect(() => resolvePredicateType('sbom')).toThrow(/not a predicate type/);
    expect(predicateTypeMatches('https://openvex.dev/ns', 'https://openvex.dev/ns/v0.2.0')).toBe(true);
    expect(predicateTypeMatches('https://slsa.dev/provenance/v1', 'https://slsa.dev/provenance/v0.2')).toBe(
      false,
    );
  });
});
