import { resultLevel } from '../evaluate/evaluate.js';
import type { PolicyReport, RuleResult } from '../model/result.js';

function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // XML 1.0 forbids most control characters even escaped.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}

function caseName(result: RuleResult): string {
  const { purl, name, version } = result.component;
  return purl ?? (version !== undefined ? `${name}@${version}` : name);
}

function testcase(result: RuleResult): string {
  const open = `    <testcase classname="${escapeXml(result.ruleId)}" name="${escapeXml(caseName(result))}" time="0">`;
  switch (resultLevel(result)) {
    case 'pass':
      return `${open}</testcase>`;
    case 'failed':
      return `${open}\n      <failure message="${escapeXml(result.message)}" type="${escapeXml(result.severity)}">${escapeXml(result.message)}</failure>\n    </testcase>`;
    case 'waived': {
      const w = result.waiver;
      const why = w !== undefined ? `waived until ${w.expires} by ${w.owner}: ${w.reason}` : 'waived';
      return `${open}\n      <skipped message="${escapeXml(why)}"/>\n    </testcase>`;
    }
    default:
      return `${open}\n      <system-out>${escapeXml(`${result.mode}: ${result.message}`)}</system-out>\n    </testcase>`;
  }
}

/**
 * The report as JUnit XML (the Ant/Jenkins convention): a test suite per SBOM, a test case per
 * rule and component; enforced failures are `<failure>`, waived ones `<skipped>`, warnings and
 * audit findings pass with their message as output.
 */
export function formatJunit(report: PolicyReport): string {
  const bySbom = new Map<string, RuleResult[]>();
  for (const sbom of report.sboms) bySbom.set(sbom.path, []);
  for (const result of report.results) bySbom.get(result.sbom)?.push(result);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const [path, results] of bySbom) {
    const suiteFailures = results.filter((r) => resultLevel(r) === 'failed').length;
    const suiteSkipped = results.filter((r) => resultLevel(r) === 'waived').length;
    tests += results.length;
    failures += suiteFailures;
    skipped += suiteSkipped;
    suites.push(
      `  <testsuite name="${escapeXml(path)}" tests="${results.length}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}" time="0" timestamp="${escapeXml(report.now.replace(/\.\d+Z$/, ''))}">\n${results.map(testcase).join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="custody policy check" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="0">\n${suites.join('\n')}\n</testsuites>\n`;
}
