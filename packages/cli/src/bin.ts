#!/usr/bin/env node
// The custody bin. `--version` is answered before anything else loads so that the common
// "is it installed" probe stays fast; every command loads its library lazily (see main.ts).
import module from 'node:module';
import { custodyVersion } from './version.js';

// Node 22.1+ caches compiled code on disk between runs, which roughly halves the start-up of the
// commands that load sigstore or the CycloneDX library; Node 20 lacks it and simply skips this.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${custodyVersion()}\n`);
} else {
  const { main } = await import('./main.js');
  await main(args);
}
