import type { Argv, CommandModule } from 'yargs';
import { type GlobalOptions, runAction } from '../runner.js';

interface KeygenArgs extends GlobalOptions {
  algorithm: 'ecdsa-p256' | 'ed25519';
  output?: string;
  'output-key'?: string;
  'output-pub'?: string;
  force?: boolean;
}

interface SignArgs extends GlobalOptions {
  file: string;
  key: string;
  output?: string;
}

interface ProvenanceArgs extends SignArgs {
  'builder-id'?: string;
  'source-repo'?: string;
  'source-ref'?: string;
  'source-digest'?: string;
  'build-type'?: string;
  'invocation-id'?: string;
}

async function refuseOverwrite(paths: string[], force: boolean | undefined): Promise<void> {
  if (force === true) return;
  const { existsSync } = await import('node:fs');
  const { VerifyError } = await import('@custody/verify');
  for (const path of paths) {
    if (existsSync(path)) {
      throw new VerifyError('USAGE', `${path} exists`, {
        hint: 'choose another -o, or give --force to replace it',
      });
    }
  }
}

/** Writes a bundle to -o atomically, or to stdout. */
async function writeBundle(
  bundle: unknown,
  output: string | undefined,
  stdout: NodeJS.WritableStream,
): Promise<void> {
  const text = `${JSON.stringify(bundle)}\n`;
  if (output === undefined || output === '-') {
    stdout.write(text);
    return;
  }
  const { writeFileAtomic } = await import('@custody/core');
  await writeFileAtomic(output, text);
}

async function privateKeyFrom(path: string) {
  const verify = await import('@custody/verify');
  const passphrase = verify.passphraseFrom(process.env);
  const pem = (await verify.readInput(path, 'private key')).toString('utf8');
  return verify.loadPrivateKey(pem, passphrase, path);
}

const keygenCommand: CommandModule<GlobalOptions, KeygenArgs> = {
  command: 'keygen',
  describe:
    'Make a signing key pair: encrypted PKCS#8 private key (passphrase from CUSTODY_PASSWORD) and PEM public key',
  builder: (y) =>
    y
      .option('algorithm', {
        choices: ['ecdsa-p256', 'ed25519'] as const,
        default: 'ecdsa-p256' as const,
        description: 'Key algorithm',
      })
      .option('output', {
        alias: 'o',
        type: 'string',
        requiresArg: true,
        description: 'Prefix: writes PREFIX.key and PREFIX.pub (default custody)',
      })
      .option('output-key', {
        type: 'string',
        requiresArg: true,
        description: 'Private key file (overrides -o)',
      })
      .option('output-pub', {
        type: 'string',
        requiresArg: true,
        description: 'Public key file (overrides -o)',
      })
      .option('force', { type: 'boolean', description: 'Replace existing key files' })
      .example(
        'CUSTODY_PASSWORD=… $0 keygen -o release',
        'writes release.key (mode 0600) and release.pub',
      ) as Argv<KeygenArgs>,
  handler: (args) =>
    runAction(args, async ({ logger }) => {
      const verify = await import('@custody/verify');
      const { writeFileAtomic } = await import('@custody/core');
      const passphrase = verify.passphraseFrom(process.env);
      const prefix = args.output ?? 'custody';
      const keyPath = args['output-key'] ?? `${prefix}.key`;
      const pubPath = args['output-pub'] ?? `${prefix}.pub`;
      await refuseOverwrite([keyPath, pubPath], args.force);
      const pair = verify.generateKeyPair(args.algorithm, passphrase);
      await writeFileAtomic(keyPath, pair.privateKeyPem, { mode: 0o600 });
      await writeFileAtomic(pubPath, pair.publicKeyPem, { mode: 0o644 });
      logger.info(`wrote ${keyPath} (private, encrypted) and ${pubPath}`);
      return 0;
    }),
};

const signBlobCommand: CommandModule<GlobalOptions, SignArgs> = {
  command: 'blob <file>',
  describe: 'Sign a file with a local key: a Sigstore bundle v0.3 (public-key hint, no log entry)',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, description: 'File to sign' })
      .option('key', {
        type: 'string',
        demandOption: true,
        requiresArg: true,
        description: 'Private key (custody keygen)',
      })
      .option('output', {
        alias: 'o',
        type: 'string',
        requiresArg: true,
        description: 'Bundle file (default stdout)',
      })
      .example(
        '$0 sign blob app.tgz --key release.key -o app.tgz.sigstore.json',
        'verify with: custody verify blob app.tgz --bundle app.tgz.sigstore.json --key release.pub',
      ) as Argv<SignArgs>,
  handler: (args) =>
    runAction(args, async ({ stdout }) => {
      const verify = await import('@custody/verify');
      const key = await privateKeyFrom(args.key);
      const artifact = await verify.readInput(args.file, 'file');
      await writeBundle(verify.signBlob(artifact, key), args.output, stdout);
      return 0;
    }),
};

const signGroup: CommandModule<GlobalOptions, GlobalOptions> = {
  command: 'sign <command>',
  describe: 'Sign with a local key',
  builder: (y) =>
    y.command(signBlobCommand as unknown as CommandModule<GlobalOptions, GlobalOptions>).demandCommand(1),
  handler: () => undefined,
};

async function subjectOf(file: string): Promise<{ name: string; sha256: string }> {
  const { basename } = await import('node:path');
  const verify = await import('@custody/verify');
  const digests = await verify.hashFile(file);
  return { name: basename(file), sha256: digests.sha256 };
}

interface AttestAllArgs extends ProvenanceArgs {
  target?: string;
  predicate?: string;
  type?: string;
}

async function attestProvenance(
  args: AttestAllArgs,
  file: string,
  stdout: NodeJS.WritableStream,
): Promise<number> {
  const verify = await import('@custody/verify');
  const flags: Parameters<typeof verify.provenancePredicate>[1] = {};
  if (args['builder-id'] !== undefined) flags.builderId = args['builder-id'];
  if (args['source-repo'] !== undefined) flags.sourceRepository = args['source-repo'];
  if (args['source-ref'] !== undefined) flags.sourceRef = args['source-ref'];
  if (args['source-digest'] !== undefined) flags.sourceDigest = args['source-digest'];
  if (args['build-type'] !== undefined) flags.buildType = args['build-type'];
  if (args['invocation-id'] !== undefined) flags.invocationId = args['invocation-id'];
  const predicate = verify.provenancePredicate(process.env, flags);
  const key = await privateKeyFrom(args.key);
  const statement = verify.statementFor(await subjectOf(file), 'https://slsa.dev/provenance/v1', predicate);
  await writeBundle(verify.signStatement(statement, key), args.output, stdout);
  return 0;
}

async function attestPredicate(args: AttestAllArgs, stdout: NodeJS.WritableStream): Promise<number> {
  const verify = await import('@custody/verify');
  if (args.predicate === undefined || args.type === undefined) {
    throw new verify.VerifyError('USAGE', 'custody attest FILE needs --predicate and --type', {
      hint: 'or use custody attest provenance FILE for SLSA provenance of this build',
    });
  }
  const predicateType = verify.resolvePredicateType(args.type);
  let predicate: unknown;
  const text = (await verify.readInput(args.predicate, 'predicate')).toString('utf8');
  try {
    predicate = JSON.parse(text);
  } catch (error) {
    throw new verify.VerifyError(
      'INPUT_UNREADABLE',
      `${args.predicate}: the predicate is not JSON (${(error as Error).message})`,
      {
        input: args.predicate,
      },
    );
  }
  const key = await privateKeyFrom(args.key);
  const statement = verify.statementFor(await subjectOf(args.file), predicateType, predicate);
  await writeBundle(verify.signStatement(statement, key), args.output, stdout);
  return 0;
}

// One command for both forms: yargs cannot give a command a positional and a sub-command of the
// same position, so `attest provenance FILE` is recognised by its first word.
const attestCommand: CommandModule<GlobalOptions, AttestAllArgs> = {
  command: 'attest <file> [target]',
  describe:
    'Attest about FILE with a local key (DSSE bundle of an in-toto v1 statement); `attest provenance FILE` writes SLSA v1 provenance',
  builder: (y) =>
    y
      .positional('file', {
        type: 'string',
        demandOption: true,
        description: 'The file the statement is about, or the word provenance',
      })
      .positional('target', { type: 'string', description: 'With provenance: the built file (subject)' })
      .option('predicate', { type: 'string', requiresArg: true, description: 'Predicate JSON file' })
      .option('type', {
        type: 'string',
        requiresArg: true,
        description: 'Predicate type: short name (slsaprovenance1, spdxjson, cyclonedx, openvex) or URI',
      })
      .option('key', {
        type: 'string',
        demandOption: true,
        requiresArg: true,
        description: 'Private key (custody keygen; passphrase in CUSTODY_PASSWORD)',
      })
      .option('output', {
        alias: 'o',
        type: 'string',
        requiresArg: true,
        description: 'Bundle file (default stdout)',
      })
      .option('builder-id', {
        type: 'string',
        requiresArg: true,
        description: 'provenance: builder id (default https://github.com/actions/runner/$RUNNER_ENVIRONMENT)',
      })
      .option('source-repo', {
        type: 'string',
        requiresArg: true,
        description: 'provenance: source repository URI (default $GITHUB_SERVER_URL/$GITHUB_REPOSITORY)',
      })
      .option('source-ref', {
        type: 'string',
        requiresArg: true,
        description: 'provenance: source ref (default $GITHUB_REF)',
      })
      .option('source-digest', {
        type: 'string',
        requiresArg: true,
        description: 'provenance: source commit (default $GITHUB_SHA)',
      })
      .option('build-type', {
        type: 'string',
        requiresArg: true,
        description: 'provenance: SLSA buildType URI',
      })
      .option('invocation-id', {
        type: 'string',
        requiresArg: true,
        description: 'provenance: run URI (default from $GITHUB_RUN_ID)',
      })
      .example(
        '$0 attest app.tgz --predicate sbom.spdx.json --type spdxjson --key release.key -o app.sbom.sigstore.json',
        'an SBOM attestation',
      )
      .example(
        '$0 attest provenance dist/app.tgz --key release.key -o app.provenance.sigstore.json',
        'SLSA v1 provenance (GitHub Actions variables or flags)',
      ) as Argv<AttestAllArgs>,
  handler: (args) =>
    runAction(args, async ({ stdout }) => {
      if (args.file === 'provenance' && args.target !== undefined)
        return attestProvenance(args, args.target, stdout);
      if (args.target !== undefined) {
        const { VerifyError } = await import('@custody/verify');
        throw new VerifyError('USAGE', `unexpected argument ${args.target}`, {
          hint: 'custody attest FILE or custody attest provenance FILE',
        });
      }
      return attestPredicate(args, stdout);
    }),
};

/** Commands of this group, registered by main.ts. */
export const commands: CommandModule[] = [
  keygenCommand as unknown as CommandModule,
  signGroup as unknown as CommandModule,
  attestCommand as unknown as CommandModule,
];
