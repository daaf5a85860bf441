import type { PatchPlan } from './plan.js';

/** The plan as aligned text: one line a package, then the `.deb` to fetch with its digest. */
export function formatPlanText(plan: PatchPlan): string {
  const lines: string[] = [];
  if (plan.entries.length === 0) lines.push('nothing to upgrade');
  for (const entry of plan.entries) {
    const from = entry.from ?? '(new)';
    lines.push(`${entry.package}:${entry.arch} ${from} -> ${entry.to}  (${entry.why.join(', ')})`);
    lines.push(`  ${entry.deb.url} sha256:${entry.deb.sha256} ${entry.deb.size} bytes`);
  }
  for (const unfixed of plan.unfixed) {
    const candidate = unfixed.candidate === null ? 'no newer version' : `candidate ${unfixed.candidate}`;
    lines.push(
      `not fixable from these repositories: ${unfixed.package} ${unfixed.installedVersion} needs ${unfixed.fixedVersion}, ${candidate} (${unfixed.vulnerabilityIds.join(', ')})`,
    );
  }
  for (const kept of plan.keptBack) {
    lines.push(
      `kept back: ${kept.package}:${kept.arch} ${kept.installedVersion} (candidate ${kept.candidate}): ${kept.reason}`,
    );
  }
  const added = plan.entries.filter((e) => e.from === null).length;
  lines.push(
    `${plan.entries.length - added} to upgrade, ${added} to newly install, ${plan.keptBack.length} kept back, ${plan.unfixed.length} not fixable`,
  );
  return `${lines.join('\n')}\n`;
}
