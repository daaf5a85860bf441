import { fileURLToPath } from 'node:url';
import { type CliResult, runCustody } from '#test-helpers';

/** NODE_OPTIONS that make any network use in the CLI throw (see no-network.cjs). */
export const OFFLINE_ENV = {
  NODE_OPTIONS: `--require ${fileURLToPath(new URL('./no-network.cjs', import.meta.url))}`,
};

/** Runs the built CLI offline. */
export function runOffline(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<CliResult> {
  return runCustody(args, { env: { ...OFFLINE_ENV, ...env }, ...(cwd !== undefined ? { cwd } : {}) });
}

/** The JSON report of `--format json`. */
export interface JsonReport {
  verified: boolean;
  bundles: {
    bundle: string;
    verified: boolean;
    signer?: { type: string; identity?: { subjectAlternativeName?: string; issuer?: string } };
    predicateType?: string;
    checks: {
      check: string;
      ok: boolean;
      code?: string;
      expected?: string;
      found?: string;
      detail: string;
    }[];
  }[];
  error?: { code: string; message: string };
}

/** Parses stdout of `--format json`. */
export function jsonReport(result: CliResult): JsonReport {
  return JSON.parse(result.stdout) as JsonReport;
}

/** The codes of failed checks in a JSON report (bundle failures, then the overall error). */
export function failedCodes(report: JsonReport): string[] {
  const codes = report.bundles.flatMap((bundle) =>
    bundle.checks.filter((check) => !check.ok).map((check) => check.code ?? ''),
  );
  if (report.error !== undefined) codes.push(report.error.code);
  return codes;
}

/** Runs `tasks` with at most `limit` at a time (CLI runs are processes: keep two cores busy, not more). */
export async function inBatches<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
