import type { PolicyReport } from '../model/result.js';

/**
 * The report as JSON: every field of PolicyReport, with passing results left out (their number
 * is in `summary.passed`) so that a 10,000-component SBOM gives a readable file.
 */
export function formatJson(report: PolicyReport): string {
  const { results, ...rest } = report;
  return `${JSON.stringify({ ...rest, results: results.filter((r) => r.outcome !== 'pass') }, null, 2)}\n`;
}
