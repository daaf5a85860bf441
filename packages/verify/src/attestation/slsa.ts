import type { SignerIdentity } from '../policy/fulcio-extensions.js';
import type { Comparison } from '../verifier/checks.js';
import type { InTotoStatement } from './statement.js';

/** What a SLSA provenance predicate says about the build, whatever its version. */
export interface ProvenanceFacts {
  predicateType: string;
  builderId?: string;
  /** Source repository, normalized to `github.com/owner/repo` (no scheme, no `git+`). */
  sourceRepository?: string;
  /** `refs/heads/main`, `refs/tags/v1.0.0`. */
  sourceRef?: string;
  /** The source commit (sha1 / gitCommit). */
  sourceDigest?: string;
  /** The event that started the build (`push`, `release`). */
  trigger?: string;
}

/** What `verify attestation` requires of the provenance (slsa-verifier's flags). */
export interface ProvenanceRequirements {
  /** `--builder-id`: exact, or without `@version` to match any version of that builder. */
  builderId?: string;
  /** `--source-repo`: `github.com/owner/repo` (scheme and `git+` optional). */
  sourceRepository?: string;
  /** `--source-ref`: the full ref. */
  sourceRef?: string;
  /** `--source-tag`: the tag, i.e. ref `refs/tags/<tag>`. */
  sourceTag?: string;
}

type JsonObject = Record<string, unknown>;

function object(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `git+https://github.com/o/r@refs/tags/v1` → repository and ref. */
function splitSourceUri(uri: string | undefined): { repository?: string; ref?: string } {
  if (uri === undefined) return {};
  const at = uri.lastIndexOf('@');
  const hasRef = at > uri.indexOf('://') + 3;
  const result: { repository?: string; ref?: string } = {
    repository: normalizeRepository(hasRef ? uri.slice(0, at) : uri),
  };
  if (hasRef) result.ref = uri.slice(at + 1);
  return result;
}

/** `git+https://github.com/o/r.git` → `github.com/o/r`. */
export function normalizeRepository(value: string): string {
  return value
    .replace(/^git\+/, '')
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\.git$/, '')
    .replace(/\/$/, '');
}

/**
 * Reads builder, source and trigger from SLSA provenance v0.2 (`builder.id`,
 * `invocation.configSource`) or v1 (`runDetails.builder.id`, GitHub workflow
 * `externalParameters.workflow`, else the first resolved dependency).
 */
export function provenanceFacts(statement: InTotoStatement): ProvenanceFacts {
  const predicate = object(statement.predicate);
  const facts: ProvenanceFacts = { predicateType: statement.predicateType };
  const set = (key: keyof Omit<ProvenanceFacts, 'predicateType'>, value: string | undefined): void => {
    if (value !== undefined) facts[key] = value;
  };
  if (statement.predicateType === 'https://slsa.dev/provenance/v0.2') {
    set('builderId', text(object(predicate.builder).id));
    const invocation = object(predicate.invocation);
    const configSource = object(invocation.configSource);
    const source = splitSourceUri(text(configSource.uri));
    set('sourceRepository', source.repository);
    set('sourceRef', source.ref);
    set('sourceDigest', text(object(configSource.digest).sha1));
    const environment = object(invocation.environment);
    set('trigger', text(environment.GITHUB_EVENT_NAME) ?? text(environment.github_event_name));
    return facts;
  }
  const definition = object(predicate.buildDefinition);
  set('builderId', text(object(object(predicate.runDetails).builder).id));
  const workflow = object(object(definition.externalParameters).workflow);
  const dependency = object(
    Array.isArray(definition.resolvedDependencies) ? definition.resolvedDependencies[0] : undefined,
  );
  const source = splitSourceUri(text(dependency.uri));
  const repository = text(workflow.repository);
  set('sourceRepository', repository !== undefined ? normalizeRepository(repository) : source.repository);
  set('sourceRef', text(workflow.ref) ?? source.ref);
  const digest = object(dependency.digest);
  set('sourceDigest', text(digest.gitCommit) ?? text(digest.sha1));
  set('trigger', text(object(object(definition.internalParameters).github).event_name));
  return facts;
}

/** The comparisons the `--builder-id`/`--source-*` flags ask for. */
export function compareRequirements(facts: ProvenanceFacts, required: ProvenanceRequirements): Comparison[] {
  const comparisons: Comparison[] = [];
  if (required.builderId !== undefined) {
    const wanted = required.builderId;
    const found = facts.builderId;
    // slsa-verifier: an id without "@version" matches every version of that builder.
    const ok =
      found !== undefined && (found === wanted || (!wanted.includes('@') && found.split('@')[0] === wanted));
    comparisons.push({ name: 'builder-id', expected: wanted, found, ok });
  }
  if (required.sourceRepository !== undefined) {
    const expected = normalizeRepository(required.sourceRepository);
    comparisons.push({
      name: 'source-repo',
      expected,
      found: facts.sourceRepository,
      ok: facts.sourceRepository === expected,
    });
  }
  if (required.sourceRef !== undefined) {
    comparisons.push({
      name: 'source-ref',
      expected: required.sourceRef,
      found: facts.sourceRef,
      ok: facts.sourceRef === required.sourceRef,
    });
  }
  if (required.sourceTag !== undefined) {
    const expected = `refs/tags/${required.sourceTag}`;
    comparisons.push({
      name: 'source-tag',
      expected,
      found: facts.sourceRef,
      ok: facts.sourceRef === expected,
    });
  }
  return comparisons;
}

/**
 * Cross-checks the certificate's claims against the predicate, as slsa-verifier does for GitHub
 * builds: the certificate (signed by Fulcio from the OIDC token) names the repository, commit,
 * ref and trigger that really ran; a predicate claiming others is forged or mis-made. Each pair
 * is compared only when both sides state it.
 */
export function crossCheckCertificate(facts: ProvenanceFacts, signer: SignerIdentity): Comparison[] {
  const claims = signer.extensions;
  const pairs: [string, string | undefined, string | undefined][] = [
    [
      'certificate-source-repo',
      claims.sourceRepositoryUri !== undefined
        ? normalizeRepository(claims.sourceRepositoryUri)
        : claims.githubWorkflowRepository !== undefined
          ? `github.com/${claims.githubWorkflowRepository}`
          : undefined,
      facts.sourceRepository,
    ],
    [
      'certificate-source-digest',
      claims.sourceRepositoryDigest ?? claims.githubWorkflowSha,
      facts.sourceDigest,
    ],
    ['certificate-source-ref', claims.sourceRepositoryRef ?? claims.githubWorkflowRef, facts.sourceRef],
    ['certificate-trigger', claims.buildTrigger ?? claims.githubWorkflowTrigger, facts.trigger],
  ];
  return pairs
    .filter(([, certificate, predicate]) => certificate !== undefined && predicate !== undefined)
    .map(([name, certificate, predicate]) => ({
      name,
      expected: certificate as string,
      found: predicate,
      ok: certificate === predicate,
    }));
}
