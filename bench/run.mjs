// `pnpm bench`: runs every bench/*.bench.mjs (or those named on the command line) in one process
// and prints one table per benchmark. Each module exports `title` and `run()` returning rows.
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { printTable } from './lib/measure.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(here))
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
let failed = false;
for (const file of files) {
  const bench = await import(new URL(file, import.meta.url).href);
  process.stdout.write(`\n# ${bench.title ?? file}\n`);
  try {
    const rows = await bench.run();
    printTable(bench.title ?? file, rows);
    if (bench.notes) process.stdout.write(`${bench.notes}\n`);
  } catch (error) {
    failed = true;
    process.stdout.write(
      `benchmark ${file} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}
if (files.length === 0) process.stdout.write('no benchmarks found\n');
process.exitCode = failed ? 1 : 0;
