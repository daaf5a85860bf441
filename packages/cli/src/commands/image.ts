import type { ImageLocation, RemoteOptions } from '@custody/oci';
import type { Argv, CommandModule } from 'yargs';
import { type GlobalOptions, runAction } from '../runner.js';

interface RegistryFlags extends GlobalOptions {
  insecure?: boolean;
  username?: string;
  'password-stdin'?: boolean;
  timeout?: number;
}

function registryOptions(y: Argv): Argv {
  return y
    .option('insecure', {
      type: 'boolean',
      description:
        'Plain HTTP to the registry (without it: HTTPS, or plain HTTP to a loopback registry that does not speak TLS)',
    })
    .option('username', { type: 'string', description: 'Registry user name (instead of the Docker config)' })
    .option('password-stdin', { type: 'boolean', description: 'Read the registry password from stdin' })
    .option('timeout', {
      type: 'number',
      description: 'Seconds to wait for each registry answer',
      default: 30,
    });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function remoteOptions(argv: RegistryFlags): Promise<RemoteOptions> {
  const timeout = argv.timeout ?? 30;
  if (!Number.isFinite(timeout) || timeout <= 0) {
    const { OciError } = await import('@custody/oci');
    throw new OciError('INVALID_OPTION', '--timeout must be a positive number of seconds', {
      hint: 'give the seconds to wait for each registry answer, e.g. --timeout 60',
    });
  }
  const options: RemoteOptions = { timeoutMs: timeout * 1000 };
  if (argv.insecure === true) options.insecure = true;
  if (argv.username !== undefined) {
    if (argv['password-stdin'] !== true) {
      const { OciError } = await import('@custody/oci');
      throw new OciError('CREDENTIALS_ERROR', '--username needs --password-stdin', {
        hint: 'pipe the password: echo "$PASSWORD" | custody … --username USER --password-stdin',
      });
    }
    options.credentials = { username: argv.username, password: await readStdin() };
  }
  return options;
}

/** A transport location, or a bare reference taken as `docker://`. */
async function location(input: string): Promise<ImageLocation> {
  const { parseImageLocation, parseReference } = await import('@custody/oci');
  if (/^(docker:\/\/|oci:|oci-archive:|docker-archive:)/.test(input)) return parseImageLocation(input);
  return { transport: 'docker', reference: parseReference(input) };
}

interface CopyArgs extends RegistryFlags {
  source: string;
  destination: string;
  'all-platforms'?: boolean;
  platform?: string;
  'preserve-digests'?: boolean;
  'include-referrers'?: boolean;
  'chunk-size'?: number;
}

const copyCommand: CommandModule<GlobalOptions, CopyArgs> = {
  command: 'copy <source> <destination>',
  describe: 'Copy an image between registries, OCI layouts and archives, sending only missing blobs',
  builder: (y) =>
    registryOptions(y)
      .positional('source', {
        type: 'string',
        demandOption: true,
        description: 'docker://REF, oci:DIR[:TAG], oci-archive:FILE[:TAG] or docker-archive:FILE[:REF]',
      })
      .positional('destination', {
        type: 'string',
        demandOption: true,
        description: 'Where to write the image (same forms)',
      })
      .option('all-platforms', {
        type: 'boolean',
        description: 'Copy every platform of an index, keeping the index',
      })
      .option('platform', {
        type: 'string',
        description: 'Platform to copy from an index (OS/ARCH[/VARIANT]); default: this machine’s',
      })
      .option('preserve-digests', { type: 'boolean', description: 'Fail rather than change any digest' })
      .option('include-referrers', {
        type: 'boolean',
        description: 'Copy signatures and other referrers of the image too',
      })
      .option('chunk-size', {
        type: 'number',
        description: 'Upload blobs larger than this many MiB in PATCH chunks of that size (default: one PUT)',
      }) as Argv<CopyArgs>,
  handler: (argv) =>
    runAction(argv, async ({ logger }) => {
      const oci = await import('@custody/oci');
      const from = await location(argv.source);
      const to = await location(argv.destination);
      const remote = await remoteOptions(argv);
      const chunkMiB = argv['chunk-size'];
      if (chunkMiB !== undefined) {
        if (!Number.isFinite(chunkMiB) || chunkMiB <= 0) {
          throw new oci.OciError('INVALID_OPTION', '--chunk-size must be a positive number of MiB', {
            hint: 'e.g. --chunk-size 8 uploads blobs over 8 MiB in 8 MiB PATCH requests',
          });
        }
        remote.chunkSize = Math.max(1, chunkMiB) * 1024 * 1024;
      }
      if (argv.debug === true) remote.trace = (line) => logger.debug(line);
      const core = await import('@custody/core');
      const progress = logger.progress('copy');
      let moved = 0;
      let blobs = 0;
      const result = await oci.copyImage(from, to, {
        allPlatforms: argv['all-platforms'] === true,
        ...(argv.platform !== undefined ? { platform: oci.parsePlatform(argv.platform) } : {}),
        preserveDigests: argv['preserve-digests'] === true,
        source: remote,
        destination: remote,
        onEvent: (event) => {
          if (event.type === 'bytes') moved += event.bytes;
          else blobs++;
          progress.update(`${blobs} blobs, ${core.formatBytes(moved)}`);
        },
      });
      let referrers = '';
      if (argv['include-referrers'] === true) {
        const copied = await oci.copyReferrers(from, to, result, { source: remote, destination: remote });
        referrers = `, ${copied} referrer(s)`;
      }
      progress.done(
        `copied ${oci.formatImageLocation(from)} to ${oci.formatImageLocation(to)}: ${result.root.digest} ` +
          `(${result.blobs.sent} blobs sent, ${result.blobs.mounted} mounted, ${result.blobs.skipped} present` +
          `${result.blobs.foreign > 0 ? `, ${result.blobs.foreign} foreign passed through` : ''}, ${core.formatBytes(result.bytes)}${referrers})`,
      );
      return 0;
    }),
};

interface InspectArgs extends RegistryFlags {
  image: string;
  raw?: boolean;
  platform?: string;
}

const inspectCommand: CommandModule<GlobalOptions, InspectArgs> = {
  command: 'inspect <image>',
  describe: 'Print an image’s manifest, config, layers and platforms as JSON',
  builder: (y) =>
    registryOptions(y)
      .positional('image', { type: 'string', demandOption: true, description: 'Image location or reference' })
      .option('raw', { type: 'boolean', description: 'Print the manifest bytes exactly as stored' })
      .option('platform', {
        type: 'string',
        description: 'For an index: also describe this platform’s image',
      }) as Argv<InspectArgs>,
  handler: (argv) =>
    runAction(argv, async ({ stdout }) => {
      const oci = await import('@custody/oci');
      const where = await location(argv.image);
      const source = await oci.openImage(where, await remoteOptions(argv));
      if (argv.raw === true) {
        stdout.write(Buffer.from(await oci.rawManifestOf(source)));
        return 0;
      }
      const platform = argv.platform !== undefined ? oci.parsePlatform(argv.platform) : undefined;
      const report = await oci.inspect(source, oci.formatImageLocation(where), platform);
      stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }),
};

interface ImageArgs extends RegistryFlags {
  image: string;
}

const digestCommand: CommandModule<GlobalOptions, ImageArgs> = {
  command: 'digest <image>',
  describe: 'Print the digest of an image’s (or index’s) manifest',
  builder: (y) =>
    registryOptions(y).positional('image', {
      type: 'string',
      demandOption: true,
      description: 'Image location or reference',
    }) as Argv<ImageArgs>,
  handler: (argv) =>
    runAction(argv, async ({ stdout }) => {
      const oci = await import('@custody/oci');
      const source = await oci.openImage(await location(argv.image), await remoteOptions(argv));
      stdout.write(`${(await oci.descriptorOf(source)).digest}\n`);
      return 0;
    }),
};

interface TagsArgs extends RegistryFlags {
  repository: string;
}

const tagsCommand: CommandModule<GlobalOptions, TagsArgs> = {
  command: 'tags <repository>',
  describe: 'List the tags of a registry repository, one per line',
  builder: (y) =>
    registryOptions(y).positional('repository', {
      type: 'string',
      demandOption: true,
      description: 'docker://REGISTRY/REPO or REGISTRY/REPO',
    }) as Argv<TagsArgs>,
  handler: (argv) =>
    runAction(argv, async ({ stdout }) => {
      const oci = await import('@custody/oci');
      const where = await location(argv.repository);
      if (where.transport !== 'docker') {
        throw new oci.OciError(
          'INVALID_TRANSPORT',
          `${argv.repository}: tags are listed for registry repositories only`,
          {
            input: argv.repository,
            hint: 'write docker://REGISTRY/REPOSITORY',
          },
        );
      }
      for (const tag of await oci.listTags(where.reference, await remoteOptions(argv)))
        stdout.write(`${tag}\n`);
      return 0;
    }),
};

interface LoginArgs extends RegistryFlags {
  registry: string;
}

const loginCommand: CommandModule<GlobalOptions, LoginArgs> = {
  command: 'login <registry>',
  describe: 'Check credentials against a registry and store them in the Docker config',
  builder: (y) =>
    registryOptions(y)
      .positional('registry', { type: 'string', demandOption: true, description: 'Registry host[:port]' })
      .demandOption(['username', 'password-stdin']) as Argv<LoginArgs>,
  handler: (argv) =>
    runAction(argv, async ({ logger }) => {
      const oci = await import('@custody/oci');
      const options = await remoteOptions(argv);
      const path = await oci.login(argv.registry, options);
      logger.info(`login succeeded: credentials for ${argv.registry} stored in ${path}`);
      return 0;
    }),
};

/** Commands of this group, registered by main.ts. */
export const commands: CommandModule[] = [
  {
    command: 'image <command>',
    describe: 'Copy, inspect and list container images (registries, OCI layouts, archives)',
    builder: (y) =>
      y
        .command(copyCommand as unknown as CommandModule)
        .command(inspectCommand as unknown as CommandModule)
        .command(digestCommand as unknown as CommandModule)
        .command(tagsCommand as unknown as CommandModule)
        .demandCommand(1, 'Name an image command: custody image --help lists them.'),
    handler: () => {},
  },
  loginCommand as unknown as CommandModule,
];
