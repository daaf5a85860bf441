import type { Argv, CommandModule } from 'yargs';
import { type GlobalOptions, runAction } from '../runner.js';
import { custodyVersion } from '../version.js';

/** Output formats of `custody sbom`, by the names users write in `--format` and `-o FORMAT=FILE`. */
const FORMATS = ['spdx-json', 'cyclonedx-json'] as const;
type OutputFormat = (typeof FORMATS)[number];

interface ScanArgs extends GlobalOptions {
  dir: string;
  format: OutputFormat;
  output?: string[];
  exclude?: string[];
  'exclude-dev'?: boolean;
  'include-node-modules'?: boolean;
  name?: string;
  version?: string;
  supplier?: string;
  namespace?: string;
}

interface LintArgs extends GlobalOptions {
  file: string;
}

/**
 * Writes a document to stdout. A reader that stops early (`custody sbom . | head`) closes the
 * pipe: that is the reader's choice, not an error worth a stack trace.
 */
function writeStdout(stdout: NodeJS.WritableStream, text: string): Promise<void> {
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  return new Promise((resolve) => {
    stdout.write(text, () => resolve());
  });
}

/**
 * `-o FILE` (in --format) or `-o FORMAT=FILE`; `-` is stdout. A `word=` prefix that names no
 * format is refused rather than taken as part of a file name (write `./a=b.json` for such a file).
 */
async function parseOutputs(args: ScanArgs): Promise<{ format: OutputFormat; path: string }[]> {
  if (args.output === undefined || args.output.length === 0) return [{ format: args.format, path: '-' }];
  const outputs: { format: OutputFormat; path: string }[] = [];
  for (const value of args.output) {
    const match = /^([a-z][a-z0-9-]*)=(.+)$/.exec(value);
    if (match === null) outputs.push({ format: args.format, path: value });
    else if ((FORMATS as readonly string[]).includes(match[1]!))
      outputs.push({ format: match[1] as OutputFormat, path: match[2]! });
    else {
      const { SbomError } = await import('@custody/sbom');
      throw new SbomError(
        'INVALID_DOCUMENT_OPTION',
        'usage',
        `-o ${value}: unknown output format ${match[1]}`,
        {
          expected: FORMATS.join(', '),
          found: match[1]!,
          hint: `write -o ${FORMATS[0]}=FILE, or -o ./${value} for a file of that name`,
        },
      );
    }
  }
  return outputs;
}

const scanCommand: CommandModule<GlobalOptions, ScanArgs> = {
  command: '$0 [dir]',
  describe: 'Write an SBOM (SPDX 2.3 or CycloneDX 1.6 JSON) of the JavaScript projects under DIR',
  builder: (y) =>
    y
      // `--version` here is the described project's version (as the issue's examples use it), so
      // the global "print custody's version" flag is switched off inside this command.
      .version(false)
      .positional('dir', { type: 'string', default: '.', description: 'Directory to scan' })
      .option('format', {
        alias: 'f',
        choices: FORMATS,
        default: 'spdx-json' as OutputFormat,
        description: 'Format of outputs given without FORMAT=',
      })
      .option('output', {
        alias: 'o',
        type: 'string',
        array: true,
        requiresArg: true,
        description:
          'Write to FILE instead of stdout; FORMAT=FILE (e.g. cyclonedx-json=bom.json), repeatable',
      })
      .option('exclude', {
        type: 'string',
        array: true,
        requiresArg: true,
        description: 'Skip paths matching GLOB (relative to DIR), repeatable',
      })
      .option('exclude-dev', { type: 'boolean', description: 'Leave out dev-only packages and dev edges' })
      .option('include-node-modules', {
        type: 'boolean',
        description: 'Also look for manifests inside node_modules',
      })
      .option('name', {
        type: 'string',
        requiresArg: true,
        description: 'Name of the described project (default: package.json name or the folder name)',
      })
      .option('version', {
        alias: 'document-version',
        type: 'string',
        requiresArg: true,
        description: 'Version of the described project (default: package.json version)',
      })
      .option('supplier', {
        type: 'string',
        requiresArg: true,
        description: 'Supplier of the project: "Organization: NAME (EMAIL)" or a name',
      })
      .option('namespace', {
        type: 'string',
        requiresArg: true,
        description: 'SPDX documentNamespace (absolute URI without #); default: derived',
      })
      .example('$0 sbom . -o sbom.spdx.json', 'SPDX 2.3 JSON of the current directory')
      .example(
        '$0 sbom . -o spdx-json=sbom.spdx.json -o cyclonedx-json=bom.cdx.json',
        'both formats in one run',
      )
      .example(
        'SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) $0 sbom .',
        'a reproducible document',
      ) as Argv<ScanArgs>,
  handler: (argv) =>
    runAction(argv, async ({ logger, stdout }) => {
      const sbom = await import('@custody/sbom');
      const outputs = await parseOutputs(argv);
      const sourceDateEpoch = sbom.parseSourceDateEpoch(process.env.SOURCE_DATE_EPOCH);
      const namespace =
        argv.namespace !== undefined ? sbom.checkDocumentNamespace(argv.namespace) : undefined;
      const catalog = await sbom.catalogDirectory(argv.dir, {
        ...(argv.exclude !== undefined ? { exclude: argv.exclude } : {}),
        ...(argv['exclude-dev'] === true ? { excludeDev: true } : {}),
        ...(argv['include-node-modules'] === true ? { includeNodeModules: true } : {}),
        logger,
      });
      for (const warning of catalog.warnings) logger.warn(warning);
      const document = sbom.assembleSbom(catalog, {
        tool: { name: 'custody', version: custodyVersion() },
        ...(argv.name !== undefined ? { name: argv.name } : {}),
        ...(argv.version !== undefined ? { version: String(argv.version) } : {}),
        ...(argv.supplier !== undefined ? { supplier: argv.supplier } : {}),
        ...(namespace !== undefined ? { namespace } : {}),
        ...(sourceDateEpoch !== undefined ? { sourceDateEpoch } : {}),
      });
      // Every document is made before any is written: an error leaves no output behind.
      const texts = new Map<OutputFormat, string>();
      for (const { format } of outputs) {
        if (texts.has(format)) continue;
        texts.set(
          format,
          format === 'spdx-json' ? sbom.writeSpdx2Json(document) : await sbom.writeCycloneDxJson(document),
        );
      }
      const { writeFileAtomic } = await import('@custody/core');
      for (const { format, path } of outputs) {
        const text = texts.get(format)!;
        if (path === '-') await writeStdout(stdout, text);
        else {
          await writeFileAtomic(path, text);
          logger.info(`wrote ${path} (${format}, ${document.components.length} packages)`);
        }
      }
      return 0;
    }),
};

const lintCommand: CommandModule<GlobalOptions, LintArgs> = {
  command: 'lint <file>',
  describe:
    'Check an SPDX 2.x or CycloneDX JSON SBOM for the spec rules its JSON schema misses (exit 1 on problems)',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, description: 'SBOM file to check' })
      .example('$0 sbom lint sbom.spdx.json', 'list every broken rule, or say it is clean') as Argv<LintArgs>,
  handler: (argv) =>
    runAction(argv, async ({ logger, stdout }) => {
      const { lintSbomFile } = await import('@custody/sbom');
      const report = await lintSbomFile(argv.file);
      for (const problem of report.problems)
        stdout.write(
          `${argv.file}: ${problem.rule}: ${problem.message}${problem.path !== undefined ? ` (at ${problem.path})` : ''}\n`,
        );
      const what = `${report.format === 'spdx' ? 'SPDX' : 'CycloneDX'} ${report.specVersion}`;
      if (report.problems.length > 0) {
        logger.error(`${argv.file}: ${report.problems.length} problem(s) in this ${what} document`);
        return 1;
      }
      logger.info(`${argv.file}: clean (${what})`);
      return 0;
    }),
};

interface NormalizeArgs extends GlobalOptions {
  file: string;
  'keep-tool-none'?: boolean;
}

const normalizeCommand: CommandModule<GlobalOptions, NormalizeArgs> = {
  command: 'normalize <file>',
  describe:
    "Print an SPDX 2.2/2.3, SPDX 3.0 or CycloneDX 1.4-1.6 JSON SBOM as custody's format-neutral model (JSON, sorted keys), e.g. for conftest",
  builder: (y) =>
    y
      .positional('file', {
        type: 'string',
        demandOption: true,
        description: 'SBOM file to read; - for stdin',
      })
      .option('keep-tool-none', {
        type: 'boolean',
        description: 'Read NONE in tool-written documents as NONE (default: NOASSERTION, with a warning)',
      })
      .example('$0 sbom normalize bom.cdx.json > model.json', 'the model, for conftest test model.json')
      .example(
        '$0 sbom normalize sbom.spdx.json --quiet',
        'without the warnings about tolerated mess',
      ) as Argv<NormalizeArgs>,
  handler: (argv) =>
    runAction(argv, async ({ logger, stdout }) => {
      const { readSbom, sbomModelJson } = await import('@custody/sbom');
      const options = argv['keep-tool-none'] === true ? { toolNone: 'keep' as const } : {};
      // yargs reads a lone `-` as an empty string.
      const fromStdin = argv.file === '-' || argv.file === '';
      const input = fromStdin ? { text: await readStdin(), path: '<stdin>' } : argv.file;
      const model = await readSbom(input, options);
      const label = fromStdin ? '<stdin>' : argv.file;
      for (const warning of model.warnings ?? []) logger.warn(`${label}: ${warning}`);
      stdout.write(sbomModelJson(model));
      return 0;
    }),
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Subcommands of `custody sbom`; the group's default command (`custody sbom DIR`) is the scan. */
const subcommands: CommandModule[] = [
  lintCommand as unknown as CommandModule,
  normalizeCommand as unknown as CommandModule,
];

/** Commands of this group, registered by main.ts. */
export const commands: CommandModule[] = [
  {
    command: 'sbom',
    describe:
      'Write, check and read SBOMs: custody sbom DIR, custody sbom lint FILE, custody sbom normalize FILE',
    builder: (y) => {
      let group = y.command(scanCommand as unknown as CommandModule);
      for (const subcommand of subcommands) group = group.command(subcommand);
      return group;
    },
    handler: () => {},
  },
];
