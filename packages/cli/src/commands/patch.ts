import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { type GlobalOptions, runAction } from '../runner.js';

interface PlanArgs extends GlobalOptions {
  rootfs: string;
  report?: string;
  update?: 'all' | 'report';
  repo?: string[];
  keyring?: string[];
  format: 'text' | 'json';
  download?: string;
  'cache-dir'?: string;
  cache?: boolean;
  'target-release'?: string;
}

/** `$XDG_CACHE_HOME/custody/patch`, else `~/.cache/custody/patch`. */
function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME;
  return join(base !== undefined && base !== '' ? base : join(homedir(), '.cache'), 'custody', 'patch');
}

const planCommand: CommandModule<GlobalOptions, PlanArgs> = {
  command: 'plan <rootfs>',
  describe: 'Print what patching would upgrade in an unpacked Debian or Ubuntu root filesystem',
  builder: (y) =>
    y
      .positional('rootfs', {
        type: 'string',
        demandOption: true,
        description: 'The root of the unpacked filesystem',
      })
      .option('report', {
        type: 'string',
        description: 'Trivy JSON report: plan the packages it names with a fixed version',
      })
      .option('update', {
        choices: ['all', 'report'] as const,
        description:
          'all: every package its repositories offer newer (apt dist-upgrade); report: only --report fixes',
      })
      .option('repo', {
        type: 'string',
        array: true,
        description: 'A one-line sources.list entry to use instead of the rootfs’s (repeatable)',
      })
      .option('keyring', {
        type: 'string',
        array: true,
        description: 'A keyring file to trust besides the rootfs’s (repeatable)',
      })
      .option('format', {
        choices: ['text', 'json'] as const,
        default: 'text' as const,
        description: 'Output format',
      })
      .option('download', {
        type: 'string',
        description: 'Fetch and verify every .deb of the plan into this directory',
      })
      .option('cache-dir', {
        type: 'string',
        description: 'Cache of verified indexes (default: ~/.cache/custody/patch)',
      })
      .option('cache', {
        type: 'boolean',
        default: true,
        description:
          'Keep verified indexes and parsed paragraphs between runs (--no-cache: fetch and parse again)',
      })
      .option('target-release', {
        type: 'string',
        description: 'Prefer this suite or codename (priority 990), as apt-get -t',
      }) as Argv<PlanArgs>,
  handler: (argv) =>
    runAction(argv, async ({ stdout }) => {
      const { formatPlanText, PatchError, planPatch } = await import('@custody/patch');
      if (argv.report === undefined && (argv.update === undefined || argv.update === 'report')) {
        throw new PatchError(
          'NOTHING_REQUESTED',
          'usage',
          'say what to upgrade: --report FILE (its fixes) or --update all (everything newer)',
          {
            hint: 'custody patch plan --help',
          },
        );
      }
      const cacheDir = argv.cache === false ? undefined : (argv['cache-dir'] ?? defaultCacheDir());
      const plan = await planPatch({
        rootfs: argv.rootfs,
        update: argv.update ?? 'report',
        ...(argv.report !== undefined ? { report: argv.report } : {}),
        ...(argv.repo !== undefined ? { repos: argv.repo } : {}),
        ...(argv.keyring !== undefined ? { keyrings: argv.keyring } : {}),
        ...(argv.download !== undefined ? { download: argv.download } : {}),
        ...(argv['target-release'] !== undefined ? { targetRelease: argv['target-release'] } : {}),
        ...(cacheDir !== undefined ? { cacheDir } : {}),
      });
      stdout.write(argv.format === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : formatPlanText(plan));
      return 0;
    }),
};

/** Commands of this group, registered by main.ts. */
export const commands: CommandModule[] = [
  {
    command: 'patch <command>',
    describe: 'Plan upgrades of Debian and Ubuntu packages from verified repositories',
    builder: (y) => y.command(planCommand as unknown as CommandModule).demandCommand(1),
    handler: () => {},
  },
];
