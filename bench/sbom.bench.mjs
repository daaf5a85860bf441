// custody sbom against @cyclonedx/cdxgen on the reference lockfiles (issue 2, acceptance 5): the
// whole process of each, as users run them (custody's bin by node), wall time and peak memory.
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceDataRoot } from '../test/helpers/reference-root.mjs';
import { measure, measureMedian } from './lib/measure.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const bin = join(root, 'packages', 'cli', 'bundle', 'bin.mjs');
const cdxgen = join(root, 'node_modules', '.bin', 'cdxgen');
const PROJECTS = ['npm-cli', 'vite', 'jest', 'webpack'];
const RUNS = 5;
/** Targets of the issue for npm/cli to SPDX, and the speedup on every lockfile. */
const TARGET = { ms: 150, mib: 80, speedup: 10 };

export const title = 'custody sbom vs cdxgen --no-install-deps (whole process, median of runs)';
export let notes = '';

async function componentCount(path) {
  try {
    const document = JSON.parse(await readFile(path, 'utf8'));
    return document.packages?.length ?? (document.components?.length ?? 0) + 1;
  } catch {
    return '?';
  }
}

export async function run() {
  const lockfiles = join(referenceDataRoot(), 'sbom', 'lockfiles');
  if (!existsSync(lockfiles)) {
    notes = `skipped: reference data absent (${lockfiles}); set CUSTODY_REFERENCE_DATA`;
    return [];
  }
  const work = await mkdtemp(join(tmpdir(), 'custody-bench-sbom-'));
  const rows = [];
  const verdicts = [];
  // The floor every whole-process time here stands on: Node starting and exiting, nothing else.
  const floor = await measureMedian(RUNS, process.execPath, ['-e', '0']);
  const version = await measureMedian(RUNS, process.execPath, [bin, '--version']);
  try {
    for (const project of PROJECTS) {
      const source = join(lockfiles, project);
      if (!existsSync(source)) continue;
      const spdxOut = join(work, `${project}.spdx.json`);
      const cdxOut = join(work, `${project}.custody.cdx.json`);
      const spdx = await measureMedian(RUNS, process.execPath, [bin, 'sbom', source, '-q', '-o', spdxOut]);
      const cdx = await measureMedian(3, process.execPath, [
        bin,
        'sbom',
        source,
        '-q',
        '-f',
        'cyclonedx-json',
        '-o',
        cdxOut,
      ]);
      // cdxgen may write beside what it scans: it gets a copy. FETCH_LICENSE=false keeps it offline.
      const copy = join(work, `${project}-copy`);
      await cp(source, copy, { recursive: true });
      const cdxgenOut = join(work, `${project}.cdxgen.json`);
      const theirs = existsSync(cdxgen)
        ? await measure(cdxgen, ['--no-install-deps', '-t', 'js', '-o', cdxgenOut, copy], {
            env: { FETCH_LICENSE: 'false', CDXGEN_NO_BANNER: '1', CI: 'true' },
          })
        : undefined;
      const speedup = theirs !== undefined && theirs.status === 0 ? theirs.wallMs / spdx.wallMs : undefined;
      rows.push({
        lockfile: project,
        'custody SPDX ms': spdx.status === 0 ? spdx.wallMs.toFixed(0) : `failed (${spdx.status})`,
        'custody SPDX MiB': spdx.peakMiB.toFixed(1),
        'custody CDX ms': cdx.status === 0 ? cdx.wallMs.toFixed(0) : `failed (${cdx.status})`,
        'custody CDX MiB': cdx.peakMiB.toFixed(1),
        'cdxgen ms':
          theirs === undefined
            ? 'absent'
            : theirs.status === 0
              ? theirs.wallMs.toFixed(0)
              : `failed (${theirs.status})`,
        'cdxgen MiB': theirs?.peakMiB.toFixed(1) ?? '',
        speedup: speedup === undefined ? '' : `${speedup.toFixed(1)}x`,
        'packages custody/cdxgen': `${await componentCount(spdxOut)}/${theirs?.status === 0 ? await componentCount(cdxgenOut) : '?'}`,
      });
      if (speedup !== undefined && speedup < TARGET.speedup)
        verdicts.push(`${project}: ${speedup.toFixed(1)}x < ${TARGET.speedup}x`);
      if (project === 'npm-cli' && (spdx.wallMs > TARGET.ms || spdx.peakMiB > TARGET.mib))
        verdicts.push(
          `npm-cli to SPDX: ${spdx.wallMs.toFixed(0)} ms / ${spdx.peakMiB.toFixed(1)} MiB (target ${TARGET.ms} ms / ${TARGET.mib} MiB)`,
        );
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  notes = [
    `custody: node ${bin} sbom DIR -o FILE, median of ${RUNS} (CycloneDX: of 3); cdxgen: one run, -t js --no-install-deps, FETCH_LICENSE=false.`,
    `Floor on this machine: node -e 0 takes ${floor.wallMs.toFixed(0)} ms and ${floor.peakMiB.toFixed(1)} MiB; custody --version ${version.wallMs.toFixed(0)} ms.`,
    `Targets: npm-cli to SPDX <= ${TARGET.ms} ms and <= ${TARGET.mib} MiB; >= ${TARGET.speedup}x faster than cdxgen on each.`,
    verdicts.length === 0 ? 'All targets met.' : `Targets missed: ${verdicts.join('; ')}.`,
  ].join('\n');
  return rows;
}
