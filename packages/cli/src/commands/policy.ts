import type { NamedSbom, PolicyReport } from '@custody/policy';
import type { Argv, CommandModule } from 'yargs';
import { type GlobalOptions, runAction } from '../runner.js';
import { custodyVersion } from '../version.js';

const FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
type ReportFormat = (typeof FORMATS)[number];

interface CheckArgs extends GlobalOptions {
  policy: string;
  sbom: string[];
  format?: ReportFormat;
  output?: string[];
  now?: string;
}

interface ExplainArgs extends GlobalOptions {
  policy: string;
  sbom: string;
  purl: string;
  format?: 'text' | 'json';
  now?: string;
}

interface LintArgs extends GlobalOptions {
  policy: string;
}

async function usageError(message: string, hint: string): Promise<Error> {
  const { PolicyError } = await import('@custody/policy');
  return new PolicyError('OUTPUT_INVALID', 'usage', message, { hint });
}

/** `--now`, else `CUSTODY_NOW`, else the clock: waivers are judged against it. */
async function nowOf(flag: string | undefined): Promise<Date> {
  const text = flag ?? process.env.CUSTODY_NOW;
  if (text === undefined || text === '') return new Date();
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(time)) {
    throw await usageError(`--now "${text}" is not a date`, 'write YYYY-MM-DD or an ISO 8601 date-time');
  }
  return new Date(time);
}

async function readSboms(paths: string[]): Promise<NamedSbom[]> {
  const { readSbom } = await import('@custody/sbom');
  return Promise.all(paths.map(async (path) => ({ name: path, sbom: await readSbom(path) })));
}

async function render(format: ReportFormat, report: PolicyReport, verbose: boolean): Promise<string> {
  // Reporters load only when asked for: `policy check` with the text format stays lean.
  switch (format) {
    case 'text':
      return (await import('@custody/policy')).formatText(report, { verbose });
    case 'json':
      return (await import('@custody/policy')).formatJson(report);
    case 'sarif':
      return (await import('@custody/policy')).formatSarif(report, custodyVersion());
    case 'junit':
      return (await import('@custody/policy')).formatJunit(report);
  }
}

async function outputs(specs: string[]): Promise<{ format: ReportFormat; file: string }[]> {
  const parsed: { format: ReportFormat; file: string }[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const format = spec.slice(0, eq) as ReportFormat;
    const file = spec.slice(eq + 1);
    if (eq <= 0 || file === '' || !FORMATS.includes(format)) {
      throw await usageError(
        `--output "${spec}" is not FORMAT=FILE`,
        `FORMAT is one of ${FORMATS.join(', ')}`,
      );
    }
    parsed.push({ format, file });
  }
  return parsed;
}

const checkCommand: CommandModule<GlobalOptions, CheckArgs> = {
  command: 'check <sbom..>',
  describe: 'Check SBOMs against a policy (exit 1 when an enforced rule fails)',
  builder: (y) =>
    y
      .positional('sbom', {
        type: 'string',
        array: true,
        demandOption: true,
        description: 'SPDX or CycloneDX JSON SBOMs',
      })
      .option('policy', { type: 'string', demandOption: true, description: 'Policy YAML file' })
      .option('format', {
        choices: FORMATS,
        default: 'text' as const,
        description: 'What to print on stdout',
      })
      .option('output', {
        type: 'string',
        array: true,
        description: 'Also write FORMAT=FILE (repeatable: --output sarif=out.sarif --output junit=out.xml)',
      })
      .option('now', {
        type: 'string',
        description: 'Judge waivers as of this date (default: now; env CUSTODY_NOW)',
      }) as Argv<CheckArgs>,
  handler: (argv) =>
    runAction(argv, async ({ stdout }) => {
      const targets = await outputs(argv.output ?? []);
      const now = await nowOf(argv.now);
      const { loadPolicy, evaluatePolicy } = await import('@custody/policy');
      const policy = await loadPolicy(argv.policy);
      // Passing results are kept only for JUnit, which lists every rule and component.
      const keepPasses = argv.format === 'junit' || targets.some((t) => t.format === 'junit');
      const report = evaluatePolicy(policy, await readSboms(argv.sbom), { now, keepPasses });
      if (targets.length > 0) {
        const { writeFileAtomic } = await import('@custody/core');
        for (const { format, file } of targets)
          await writeFileAtomic(file, await render(format, report, false));
      }
      stdout.write(await render(argv.format ?? 'text', report, argv.verbose === true));
      return report.status === 'fail' ? 1 : 0;
    }),
};

const explainCommand: CommandModule<GlobalOptions, ExplainArgs> = {
  command: 'explain <sbom> <purl>',
  describe:
    "Explain how a policy judges a component: license parse, normalization, OR branch, each rule's verdict",
  builder: (y) =>
    y
      .positional('sbom', { type: 'string', demandOption: true, description: 'SPDX or CycloneDX JSON SBOM' })
      .positional('purl', {
        type: 'string',
        demandOption: true,
        description: 'Purl (or purl glob) of the component',
      })
      .option('policy', { type: 'string', demandOption: true, description: 'Policy YAML file' })
      .option('format', {
        choices: ['text', 'json'] as const,
        default: 'text' as const,
        description: 'Output format',
      })
      .option('now', {
        type: 'string',
        description: 'Judge waivers as of this date (default: now; env CUSTODY_NOW)',
      }) as Argv<ExplainArgs>,
  handler: (argv) =>
    runAction(argv, async ({ stdout }) => {
      const now = await nowOf(argv.now);
      const { loadPolicy, explainComponent, formatExplanation } = await import('@custody/policy');
      const policy = await loadPolicy(argv.policy);
      const explanations = explainComponent(policy, await readSboms([argv.sbom]), argv.purl, { now });
      if (argv.format === 'json') stdout.write(`${JSON.stringify(explanations, null, 2)}\n`);
      else stdout.write(formatExplanation(explanations, policy));
      if (explanations.length === 0) {
        throw await usageError(
          `no component in ${argv.sbom} has purl ${argv.purl}`,
          'custody sbom normalize lists the purls',
        );
      }
      return 0;
    }),
};

const lintCommand: CommandModule<GlobalOptions, LintArgs> = {
  command: 'lint <policy>',
  describe: 'Check a policy file: schema, unknown license ids and categories, waivers for unknown rules',
  builder: (y) =>
    y.positional('policy', {
      type: 'string',
      demandOption: true,
      description: 'Policy YAML file',
    }) as Argv<LintArgs>,
  handler: (argv) =>
    runAction(argv, async ({ stdout, logger }) => {
      const { lintPolicy, formatIssue } = await import('@custody/policy');
      const issues = await lintPolicy(argv.policy);
      for (const issue of issues) stdout.write(`${formatIssue(issue)}\n`);
      if (issues.length > 0) {
        logger.error(`${argv.policy}: ${issues.length} problem(s)`);
        return 2;
      }
      logger.info(`${argv.policy}: no problems`);
      return 0;
    }),
};

/** Commands of this group, registered by main.ts. */
export const commands: CommandModule[] = [
  {
    command: 'policy <command>',
    describe: 'Gate SBOMs with a declarative policy: licenses, components, banned packages, waivers',
    builder: (y) =>
      y
        .command(checkCommand as unknown as CommandModule)
        .command(explainCommand as unknown as CommandModule)
        .command(lintCommand as unknown as CommandModule)
        .demandCommand(1, 'Name a policy command: custody policy --help lists them.'),
    handler: () => {},
  },
];
