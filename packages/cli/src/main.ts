import type { Argv, CommandModule } from 'yargs';
import yargs from 'yargs';
import { custodyVersion } from './version.js';

type Group = () => Promise<{ commands: CommandModule[] }>;

// Command modules declare their options eagerly but import their library only inside the
// handler, so that `custody --help` and argument errors never load sigstore, openpgp, ….
const sbom: Group = () => import('./commands/sbom.js');
const image: Group = () => import('./commands/image.js');
const verify: Group = () => import('./commands/verify.js');
const keys: Group = () => import('./commands/keys.js');
const policy: Group = () => import('./commands/policy.js');
const patch: Group = () => import('./commands/patch.js');
const groups: Group[] = [sbom, image, verify, keys, policy, patch];

// The group that holds each top-level command. A run that names one of them loads and registers
// only that group: compiling the other command modules and building their yargs trees was a
// measurable part of every start. Anything else (--help, a typo, a flag first) loads them all, so
// help and "did you mean" still see every command; a command missing here merely loads all.
const groupOf = new Map<string, Group>([
  ['sbom', sbom],
  ['image', image],
  ['login', image],
  ['verify', verify],
  ['keygen', keys],
  ['sign', keys],
  ['attest', keys],
  ['policy', policy],
  ['patch', patch],
]);

async function commandsFor(args: string[]): Promise<CommandModule[]> {
  const only = groupOf.get(args[0] ?? '');
  const loaded = await Promise.all((only !== undefined ? [only] : groups).map((load) => load()));
  return loaded.flatMap((group) => group.commands);
}

// yargs renders the chosen command's help on every run (to show it should the handler fail), and
// wrapping that text to the terminal measures every word's display width: time spent on each
// start for text that custody's own failure handler never prints. Help is printed only when asked
// for, so only then is it wrapped.
function wantsHelp(args: string[]): boolean {
  return args.some((arg) => arg === '--help' || /^-[a-zA-Z]*h[a-zA-Z]*$/.test(arg));
}

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
    // Given, not looked up: yargs would walk up from the bin reading folders to find a package.json.
    .version(custodyVersion())
    .help()
    .alias('help', 'h')
    .wrap(wantsHelp(args) ? Math.min(110, process.stdout.columns ?? 100) : null)
    .fail((message, error) => {
      // yargs' own argument errors (a flag missing its value) come as a YError: usage, exit 2.
      // Anything else was thrown by a command and goes on to its handler.
      if (error !== undefined && error !== null && error.name !== 'YError') throw error;
      process.stderr.write(`\ncustody: ${message ?? error?.message}\n`);
      process.stderr.write('custody: see --help for usage\n');
      process.exit(2);
    });
  for (const command of await commandsFor(args)) cli = cli.command(command);
  await cli.parseAsync();
}
