import { VerifyError } from '../errors.js';

/** SLSA build type of a GitHub Actions workflow build (slsa-framework github-actions-buildtypes). */
export const GITHUB_WORKFLOW_BUILD_TYPE =
  'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1';
/** custody's build type for builds described through flags. */
export const GENERIC_BUILD_TYPE = 'https://custody.dev/buildtypes/generic/v1';

/** Describes a build where the CI environment does not (any CI besides GitHub Actions). */
export interface BuildDescription {
  builderId?: string;
  /** Source repository URI (https://git.example/org/repo). */
  sourceRepository?: string;
  sourceRef?: string;
  /** The source commit. */
  sourceDigest?: string;
  buildType?: string;
  invocationId?: string;
}

/**
 * SLSA provenance v1 predicate for this build: from GitHub Actions variables when they are set
 * (GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_REF, GITHUB_WORKFLOW_REF, RUNNER_ENVIRONMENT,
 * GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT, GITHUB_SERVER_URL, GITHUB_EVENT_NAME; the same fields npm's
 * provenance uses), with `flags` overriding any field. Without GitHub Actions the flags must name
 * at least the builder and the source repository.
 */
export function provenancePredicate(
  environment: NodeJS.ProcessEnv,
  flags: BuildDescription = {},
): Record<string, unknown> {
  const github = environment.GITHUB_ACTIONS === 'true' && environment.GITHUB_REPOSITORY !== undefined;
  const server = environment.GITHUB_SERVER_URL ?? 'https://github.com';
  const repositoryUri =
    flags.sourceRepository ?? (github ? `${server}/${environment.GITHUB_REPOSITORY}` : undefined);
  const ref = flags.sourceRef ?? (github ? environment.GITHUB_REF : undefined);
  const digest = flags.sourceDigest ?? (github ? environment.GITHUB_SHA : undefined);
  const runner = environment.RUNNER_ENVIRONMENT ?? 'github-hosted';
  const builderId = flags.builderId ?? (github ? `https://github.com/actions/runner/${runner}` : undefined);
  if (builderId === undefined || repositoryUri === undefined) {
    throw new VerifyError('USAGE', 'no CI environment to describe the build', {
      hint: 'run in GitHub Actions, or give --builder-id and --source-repo (and --source-ref, --source-digest)',
    });
  }
  const buildType = flags.buildType ?? (github ? GITHUB_WORKFLOW_BUILD_TYPE : GENERIC_BUILD_TYPE);
  const externalParameters: Record<string, unknown> = {};
  const internalParameters: Record<string, unknown> = {};
  if (github && buildType === GITHUB_WORKFLOW_BUILD_TYPE) {
    // GITHUB_WORKFLOW_REF = owner/repo/.github/workflows/x.yml@refs/heads/main
    const workflowRef = environment.GITHUB_WORKFLOW_REF ?? '';
    const path = workflowRef.replace(`${environment.GITHUB_REPOSITORY}/`, '').split('@')[0] ?? '';
    externalParameters.workflow = { ref: ref ?? '', repository: repositoryUri, path };
    internalParameters.github = {
      event_name: environment.GITHUB_EVENT_NAME ?? '',
      repository_id: environment.GITHUB_REPOSITORY_ID ?? '',
      repository_owner_id: environment.GITHUB_REPOSITORY_OWNER_ID ?? '',
      runner_environment: runner,
    };
  } else {
    externalParameters.source = { repository: repositoryUri, ...(ref !== undefined ? { ref } : {}) };
  }
  const dependency: Record<string, unknown> = {
    uri: `git+${repositoryUri}${ref !== undefined ? `@${ref}` : ''}`,
  };
  if (digest !== undefined) dependency.digest = { gitCommit: digest };
  const invocationId =
    flags.invocationId ??
    (github && environment.GITHUB_RUN_ID !== undefined
      ? `${server}/${environment.GITHUB_REPOSITORY}/actions/runs/${environment.GITHUB_RUN_ID}/attempts/${environment.GITHUB_RUN_ATTEMPT ?? '1'}`
      : undefined);
  return {
    buildDefinition: {
      buildType,
      externalParameters,
      internalParameters,
      resolvedDependencies: [dependency],
    },
    runDetails: { builder: { id: builderId }, metadata: invocationId !== undefined ? { invocationId } : {} },
  };
}
