import { readFile } from 'node:fs/promises';
import { PatchError } from '../errors.js';
import { readRootfs } from '../rootfs/index.js';
import { aptRepositorySource } from './apt-source.js';
import { downloadPlan, type PatchPlan, resolvePlan } from './plan.js';
import type { RepositoryIndexSource } from './source.js';

/** Options of planPatch: paths as the CLI takes them. */
export interface PlanPatchOptions {
  /** The unpacked root filesystem. */
  rootfs: string;
  /** A Trivy JSON report; its fixed packages are the request with `update: 'report'`. */
  report?: string;
  update: 'all' | 'report';
  /** One-line sources.list entries used instead of the rootfs's own (`--repo`). */
  repos?: string[];
  /** Keyring files (binary or armored) trusted besides the rootfs's (`--keyring`). */
  keyrings?: string[];
  /** The time repository metadata is checked against (default: now). */
  now?: Date;
  /** Where verified indexes, the parse cache and the replay guard live; none: no cache. */
  cacheDir?: string;
  /** A directory to fetch and verify every `.deb` of the plan into. */
  download?: string;
  /** `apt-get -t`: suite or codename whose versions get priority 990. */
  targetRelease?: string;
  /** Repositories to read instead of the rootfs's apt sources (tests, image patching). */
  source?: RepositoryIndexSource;
}

/** A plan, and the `.deb` files fetched when `download` was given. */
export interface PlanPatchResult extends PatchPlan {
  rootfs: string;
  downloaded: string[];
}

async function readReport(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new PatchError(
      'REPORT_INVALID',
      'input',
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      {
        input: path,
        hint: 'give the path of a `trivy --format json` report',
      },
    );
  }
}

/**
 * What patching would do to an unpacked Debian or Ubuntu root filesystem: the packages apt would
 * upgrade or install, from the repositories the rootfs configures (or `repos`), verified, with the
 * `.deb` each needs and its digest; optionally those `.deb` files, fetched and verified.
 */
export async function planPatch(options: PlanPatchOptions): Promise<PlanPatchResult> {
  const report =
    options.report === undefined
      ? undefined
      : { text: await readReport(options.report), input: options.report };
  const rootfs = await readRootfs(options.rootfs);
  const source =
    options.source ??
    (await aptRepositorySource(rootfs, {
      ...(options.repos !== undefined ? { repos: options.repos } : {}),
      ...(options.keyrings !== undefined ? { keyrings: options.keyrings } : {}),
      ...(options.now !== undefined ? { now: options.now } : {}),
      ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    }));
  const plan = await resolvePlan({
    rootfs,
    source,
    update: options.update,
    ...(report !== undefined ? { report } : {}),
    ...(options.targetRelease !== undefined ? { targetRelease: options.targetRelease } : {}),
    ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
  });
  const downloaded = options.download === undefined ? [] : await downloadPlan(plan, source, options.download);
  return { rootfs: options.rootfs, ...plan, downloaded };
}
