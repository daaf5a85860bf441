import type {
  AttestationVerification,
  BundleVerification,
  IdentityPolicy,
  TrustContext,
  VerifyError,
} from '@custody/verify';
import type { Argv, CommandModule } from 'yargs';
import { type CommandContext, type GlobalOptions, runAction } from '../runner.js';

interface TrustArgs extends GlobalOptions {
  bundle: string;
  key?: string;
  'trusted-root'?: string;
  'certificate-identity'?: string;
  'certificate-identity-regexp'?: string;
  'certificate-oidc-issuer'?: string;
  'certificate-oidc-issuer-regexp'?: string;
  'github-repository'?: string;
  'github-ref'?: string;
  'github-sha'?: string;
  'github-trigger'?: string;
  'github-workflow'?: string;
  format: 'human' | 'json';
}

interface BlobArgs extends TrustArgs {
  file: string;
}

interface AttestationArgs extends TrustArgs {
  file: string;
  type?: string;
  'builder-id'?: string;
  'source-repo'?: string;
  'source-ref'?: string;
  'source-tag'?: string;
  'print-predicate'?: boolean;
}

const THRESHOLD_NOTE =
  'A keyless bundle needs a transparency-log entry or an RFC 3161 timestamp and an identity policy ' +
  '(--certificate-identity[-regexp] and --certificate-oidc-issuer[-regexp]). A keyed bundle made by ' +
  '`custody sign`/`custody attest` has neither log entry nor timestamp and is accepted only with --key.\n';

function trustOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option('bundle', {
      type: 'string',
      demandOption: true,
      requiresArg: true,
      description: 'Sigstore bundle, JSON Lines of bundles, or an npm attestations response',
    })
    .option('key', {
      type: 'string',
      requiresArg: true,
      description: 'PEM public key (ECDSA P-256/P-384, Ed25519, RSA) for keyed bundles',
    })
    .option('trusted-root', {
      type: 'string',
      requiresArg: true,
      description: 'trusted_root.json or JSON Lines of roots (default: public-good root from @sigstore/tuf)',
    })
    .option('certificate-identity', {
      type: 'string',
      requiresArg: true,
      description: 'Exact signer identity (certificate SAN)',
    })
    .option('certificate-identity-regexp', {
      type: 'string',
      requiresArg: true,
      description: 'Regular expression the whole SAN must match',
    })
    .option('certificate-oidc-issuer', {
      type: 'string',
      requiresArg: true,
      description: 'Exact OIDC issuer of the signer',
    })
    .option('certificate-oidc-issuer-regexp', {
      type: 'string',
      requiresArg: true,
      description: 'Regular expression the whole issuer must match',
    })
    .option('github-repository', {
      type: 'string',
      requiresArg: true,
      description: 'Certificate claim: workflow repository (owner/repo)',
    })
    .option('github-ref', {
      type: 'string',
      requiresArg: true,
      description: 'Certificate claim: git ref (refs/heads/main)',
    })
    .option('github-sha', { type: 'string', requiresArg: true, description: 'Certificate claim: commit SHA' })
    .option('github-trigger', {
      type: 'string',
      requiresArg: true,
      description: 'Certificate claim: triggering event (push, release)',
    })
    .option('github-workflow', {
      type: 'string',
      requiresArg: true,
      description: 'Certificate claim: workflow name',
    })
    .option('format', {
      choices: ['human', 'json'] as const,
      default: 'human' as const,
      description: 'Output: summary or JSON with every check',
    })
    .epilogue(THRESHOLD_NOTE);
}

function policyOf(args: TrustArgs): IdentityPolicy | undefined {
  const policy: IdentityPolicy = {};
  if (args['certificate-identity'] !== undefined) policy.identity = args['certificate-identity'];
  if (args['certificate-identity-regexp'] !== undefined)
    policy.identityRegExp = args['certificate-identity-regexp'];
  if (args['certificate-oidc-issuer'] !== undefined) policy.issuer = args['certificate-oidc-issuer'];
  if (args['certificate-oidc-issuer-regexp'] !== undefined)
    policy.issuerRegExp = args['certificate-oidc-issuer-regexp'];
  const github: NonNullable<IdentityPolicy['github']> = {};
  if (args['github-repository'] !== undefined) github.repository = args['github-repository'];
  if (args['github-ref'] !== undefined) github.ref = args['github-ref'];
  if (args['github-sha'] !== undefined) github.sha = args['github-sha'];
  if (args['github-trigger'] !== undefined) github.trigger = args['github-trigger'];
  if (args['github-workflow'] !== undefined) github.workflow = args['github-workflow'];
  if (Object.keys(github).length > 0) policy.github = github;
  return Object.keys(policy).length > 0 ? policy : undefined;
}

/**
 * The trust context, or the exit status when the trusted root itself fails its checks (reported
 * like any failed check, also in --format json).
 */
async function trustOrReport(args: TrustArgs, context: CommandContext): Promise<TrustContext | number> {
  try {
    return await loadTrustFor(args, context);
  } catch (error) {
    const { VerifyError } = await import('@custody/verify');
    if (error instanceof VerifyError && error.kind === 'check') return report([], error, args, context);
    throw error;
  }
}

async function loadTrustFor(args: TrustArgs, { logger }: CommandContext): Promise<TrustContext> {
  const verify = await import('@custody/verify');
  const options: Parameters<typeof verify.loadTrust>[0] = {};
  if (args['trusted-root'] !== undefined) {
    options.trustedRootText = (await verify.readInput(args['trusted-root'], 'trusted root')).toString('utf8');
    options.trustedRootSource = args['trusted-root'];
  }
  if (args.key !== undefined) {
    options.publicKeys = [
      { pem: (await verify.readInput(args.key, 'public key')).toString('utf8'), source: args.key },
    ];
  }
  const trust = verify.loadTrust(options);
  for (const warning of trust.warnings) logger.warn(warning);
  return trust;
}

function signerLine(bundle: BundleVerification): string {
  const signer = bundle.signer;
  if (signer === undefined) return '';
  if (signer.type === 'public-key') return `key ${signer.source}`;
  return `${signer.identity.subjectAlternativeName ?? '?'} (issuer ${signer.identity.issuer ?? '?'})`;
}

function failureLine(label: string, error: VerifyError | undefined): string {
  if (error === undefined) return `${label}: verification failed`;
  const check = error.code.toLowerCase().replaceAll('_', '-');
  const details = [
    error.expected !== undefined ? `expected ${error.expected}` : '',
    error.found !== undefined ? `found ${error.found}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const message = error.message.startsWith(label) ? error.message.slice(label.length + 2) : error.message;
  const hint = error.hint !== undefined ? `; ${error.hint}` : '';
  return `${label}: check ${check} failed: ${message}${details === '' ? '' : ` (${details})`}${hint}`;
}

/** Prints the outcome; returns the exit status (0 verified, 1 a check failed). */
function report(
  bundles: BundleVerification[],
  error: VerifyError | undefined,
  args: TrustArgs,
  { logger, stdout }: CommandContext,
  extra: Record<string, unknown> = {},
): number {
  const verified = error === undefined && bundles.every((bundle) => bundle.verified);
  if (args.format === 'json') {
    const document = {
      verified,
      ...extra,
      bundles: bundles.map((bundle) => ({
        bundle: bundle.label,
        verified: bundle.verified,
        mediaType: bundle.mediaType,
        signer: bundle.signer,
        timestamps: bundle.timestamps,
        predicateType: bundle.statement?.predicateType,
        checks: bundle.checks,
      })),
      ...(error !== undefined && bundles.every((b) => b.verified)
        ? {
            error: { code: error.code, message: error.message, expected: error.expected, found: error.found },
          }
        : {}),
    };
    stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    for (const bundle of bundles) {
      if (bundle.verified) {
        stdout.write(
          `verified ${bundle.label}: ${signerLine(bundle)}; ${bundle.checks.filter((c) => c.ok).length} checks passed\n`,
        );
      } else {
        stdout.write(`FAILED   ${failureLine(bundle.label, bundle.error)}\n`);
      }
    }
  }
  if (verified) return 0;
  const first = bundles.find((bundle) => !bundle.verified);
  logger.error(
    first !== undefined
      ? failureLine(first.label, first.error)
      : failureLine(error?.input ?? 'attestation', error),
  );
  return 1;
}

const blobCommand: CommandModule<GlobalOptions, BlobArgs> = {
  command: 'blob <file>',
  describe: 'Verify a file against Sigstore bundle(s), offline',
  builder: (y) =>
    trustOptions(y.positional('file', { type: 'string', demandOption: true, description: 'The signed file' }))
      .example(
        '$0 verify blob a.txt --bundle a.txt.sigstore.json --certificate-identity https://github.com/o/r/.github/workflows/release.yml@refs/heads/main --certificate-oidc-issuer https://token.actions.githubusercontent.com',
        'keyless',
      )
      .example(
        '$0 verify blob a.txt --bundle a.bundle --key cosign.pub',
        'keyed (e.g. made by custody sign blob)',
      ) as Argv<BlobArgs>,
  handler: (args) =>
    runAction(args, async (context) => {
      const verify = await import('@custody/verify');
      const documents = await verify.readBundleFile(args.bundle);
      const artifact = await verify.readInput(args.file, 'artifact');
      const trust = await trustOrReport(args, context);
      if (typeof trust === 'number') return trust;
      const policy = policyOf(args);
      const bundles = documents.map((document) =>
        verify.verifyBundle(document.json, {
          trust,
          artifact,
          label: document.label,
          ...(policy ? { policy } : {}),
        }),
      );
      return report(bundles, undefined, args, context);
    }),
};

const attestationCommand: CommandModule<GlobalOptions, AttestationArgs> = {
  command: 'attestation <file>',
  describe:
    'Verify in-toto attestations (DSSE bundles) about a file: subject digest, predicate type, SLSA provenance',
  builder: (y) =>
    trustOptions(
      y.positional('file', {
        type: 'string',
        demandOption: true,
        description: 'The attested file (subject)',
      }),
    )
      .option('type', {
        type: 'string',
        requiresArg: true,
        description:
          'Predicate type: slsaprovenance, slsaprovenance1, spdxjson, cyclonedx, openvex, or a URI',
      })
      .option('builder-id', {
        type: 'string',
        requiresArg: true,
        description: 'SLSA: builder id (without @version: any version)',
      })
      .option('source-repo', {
        type: 'string',
        requiresArg: true,
        description: 'SLSA: source repository (github.com/owner/repo)',
      })
      .option('source-ref', {
        type: 'string',
        requiresArg: true,
        description: 'SLSA: source ref (refs/heads/main)',
      })
      .option('source-tag', {
        type: 'string',
        requiresArg: true,
        description: 'SLSA: source tag (v1.0.0 = refs/tags/v1.0.0)',
      })
      .option('print-predicate', {
        type: 'boolean',
        description: 'Print the verified predicate(s) as JSON on stdout',
      })
      .example(
        '$0 verify attestation package.tgz --bundle attestations.json --type slsaprovenance1 --source-repo github.com/sigstore/sigstore-js --certificate-identity-regexp "https://github.com/sigstore/sigstore-js/.*" --certificate-oidc-issuer https://token.actions.githubusercontent.com',
        'npm provenance',
      ) as Argv<AttestationArgs>,
  handler: (args) =>
    runAction(args, async (context) => {
      const verify = await import('@custody/verify');
      const predicateType = args.type === undefined ? undefined : verify.resolvePredicateType(args.type);
      const documents = await verify.readBundleFile(args.bundle);
      const artifactDigests = await verify.hashFile(args.file);
      const trust = await trustOrReport(args, context);
      if (typeof trust === 'number') return trust;
      const policy = policyOf(args);
      const provenance: NonNullable<Parameters<typeof verify.verifyAttestation>[1]['provenance']> = {};
      if (args['builder-id'] !== undefined) provenance.builderId = args['builder-id'];
      if (args['source-repo'] !== undefined) provenance.sourceRepository = args['source-repo'];
      if (args['source-ref'] !== undefined) provenance.sourceRef = args['source-ref'];
      if (args['source-tag'] !== undefined) provenance.sourceTag = args['source-tag'];
      const outcome: AttestationVerification = verify.verifyAttestation(documents, {
        trust,
        artifactDigests,
        provenance,
        ...(policy ? { policy } : {}),
        ...(predicateType ? { predicateType } : {}),
      });
      if (args['print-predicate'] === true && outcome.verified) {
        const predicates = outcome.predicates.map((p) => p.predicate);
        context.stdout.write(
          `${JSON.stringify(predicates.length === 1 ? predicates[0] : predicates, null, 2)}\n`,
        );
        return 0;
      }
      return report(outcome.bundles, outcome.error, args, context, {
        artifact: { sha256: artifactDigests.sha256, sha512: artifactDigests.sha512 },
      });
    }),
};

const verifyGroup: CommandModule<GlobalOptions, GlobalOptions> = {
  command: 'verify <command>',
  describe: 'Verify Sigstore bundles and in-toto attestations offline',
  builder: (y) =>
    y
      .command(blobCommand as unknown as CommandModule<GlobalOptions, GlobalOptions>)
      .command(attestationCommand as unknown as CommandModule<GlobalOptions, GlobalOptions>)
      .demandCommand(1, 'Name a verify command: blob or attestation'),
  handler: () => undefined,
};

/** Commands of this group, registered by main.ts. */
export const commands: CommandModule[] = [verifyGroup as unknown as CommandModule];
