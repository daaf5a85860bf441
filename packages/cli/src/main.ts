import type { Argv, CommandModule } from 'yargs';
import yargs from 'yargs';
import { commands as imageCommands } from './commands/image.js';
import { commands as keyCommands } from './commands/keys.js';
import { commands as patchCommands } from './commands/patch.js';
import { commands as policyCommands } from './commands/policy.js';
import { commands as sbomCommands } from './commands/sbom.js';
import { commands as verifyCommands } from './commands/verify.js';

// Command modules declare their options eagerly but import their library only inside the
// handler, so that `custody --help` and argument errors never load sigstore, openpgp, ….
const groups: CommandModule[][] = [
  sbomCommands,
  imageCommands,
  verifyCommands,
  keyCommands,
  policyCommands,
  patchCommands,
];

/** Parses `args` and runs the chosen command; sets `process.exitCode`. */
export async function main(args: string[]): Promise<void> {
  let cli: Argv = yargs(args)
    .scriptName('custody')
    .usage('$0 <command> [options]\n\nSoftware supply-chain security: SBOMs, images, signatures, policy.')
    .option('quiet', { alias: 'q', type: 'boolean', description: 'Print errors only', global: true })
    .option('verbose', { type: 'boolean', description: 'Print debug messages', global: true })
    .option('debug', { type: 'boolean', description: 'Print stack traces of errors', global: true })
    .strict()
    .demandCommand(1, 'Name a command: custody --help lists them.')
    .recommendCommands()
    .version()
    .help()
    .alias('help', 'h')
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((message, error) => {
      if (error !== undefined && error !== null) throw error;
      process.stderr.write(`\ncustody: ${message}\n`);
      process.stderr.write('custody: see --help for usage\n');
      process.exit(2);
    });
  for (const group of groups) for (const command of group) cli = cli.command(command);
  await cli.parseAsync();
}
