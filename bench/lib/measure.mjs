// Shared helpers for benchmarks: whole-process time and peak memory of a command, and a table.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs a command under GNU time and returns wall milliseconds and peak RSS in MiB. Output of the
 * command itself is discarded unless `keepStdout`.
 */
export async function measure(command, args, { cwd, env, keepStdout = false } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'custody-bench-'));
  const timeFile = join(dir, 'time');
  const started = process.hrtime.bigint();
  const { status, stdout, stderr } = await new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, command, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => keepStdout && out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ status: code, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }),
    );
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const [, maxKb] = (await readFile(timeFile, 'utf8')).trim().split(/\s+/).slice(-2);
  await rm(dir, { recursive: true, force: true });
  return { status, wallMs, peakMiB: Number(maxKb) / 1024, stdout, stderr: stderr.toString('utf8') };
}

/** Median of several runs of `measure` (time and memory medians taken separately). */
export async function measureMedian(runs, command, args, options) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await measure(command, args, options));
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    status: results[0].status,
    stderr: results[0].stderr,
    wallMs: median(results.map((r) => r.wallMs)),
    peakMiB: median(results.map((r) => r.peakMiB)),
  };
}

/** Prints rows (objects with the same keys) as an aligned text table under a title. */
export function printTable(title, rows) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const cells = rows.map((row) => columns.map((c) => String(row[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values) => `| ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(`${line(columns)}\n`);
  process.stdout.write(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const row of cells) process.stdout.write(`${line(row)}\n`);
}
