import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { VcsInfo } from '../model/index.js';

/** The git directory of the checkout holding `dir` (a `.git` folder, or the one a `.git` file names). */
async function gitDirOf(dir: string): Promise<string | undefined> {
  let current = resolve(dir);
  for (;;) {
    const dotGit = join(current, '.git');
    const info = await stat(dotGit).catch(() => undefined);
    if (info?.isDirectory()) return dotGit;
    if (info?.isFile()) {
      // Worktrees and submodules: `.git` is a file `gitdir: <path>` (gitrepository-layout(5)).
      const text = await readFile(dotGit, 'utf8').catch(() => '');
      const target = /^gitdir:\s*(.+?)\s*$/m.exec(text)?.[1];
      if (target !== undefined) return isAbsolute(target) ? target : resolve(current, target);
    }
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** The `url` of `[remote "origin"]` in a git config file. */
export function originUrl(config: string): string | undefined {
  let inOrigin = false;
  for (const raw of config.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      inOrigin = /^\[remote\s+"origin"\]$/.test(line);
      continue;
    }
    if (!inOrigin) continue;
    const match = /^url\s*=\s*(.+)$/.exec(line);
    if (match?.[1] !== undefined) return match[1].trim().replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

/** A remote URL without credentials: a token in `https://user:token@host` must not reach an SBOM. */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]+@/i, '$1');
}

/** The commit a ref names, from loose refs or packed-refs. */
async function readRef(gitDirs: string[], ref: string): Promise<string | undefined> {
  for (const gitDir of gitDirs) {
    const loose = await readFile(join(gitDir, ref), 'utf8').catch(() => undefined);
    if (loose !== undefined && /^[0-9a-f]{40,64}\s*$/.test(loose)) return loose.trim();
  }
  for (const gitDir of gitDirs) {
    const packed = await readFile(join(gitDir, 'packed-refs'), 'utf8').catch(() => undefined);
    if (packed === undefined) continue;
    for (const line of packed.split('\n')) {
      const [sha, name] = line.split(' ');
      if (name?.trim() === ref && sha !== undefined && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
    }
  }
  return undefined;
}

/**
 * The VCS origin of a checkout, read from the files of its git directory (config, HEAD, refs,
 * packed-refs) without running git: spawning git would cost more than cataloging a lockfile.
 */
export async function readGitInfo(dir: string): Promise<VcsInfo | undefined> {
  const gitDir = await gitDirOf(dir);
  if (gitDir === undefined) return undefined;
  // A worktree's git dir holds HEAD; config and shared refs live in its `commondir`.
  const common = await readFile(join(gitDir, 'commondir'), 'utf8').then(
    (text) => resolve(gitDir, text.trim()),
    () => gitDir,
  );
  const gitDirs = common === gitDir ? [gitDir] : [gitDir, common];
  const config = await readFile(join(common, 'config'), 'utf8').catch(() => '');
  const url = originUrl(config);
  if (url === undefined) return undefined;
  const info: VcsInfo = { url: withoutCredentials(url) };
  const head = (await readFile(join(gitDir, 'HEAD'), 'utf8').catch(() => '')).trim();
  const symbolic = /^ref:\s*(\S+)$/.exec(head)?.[1];
  if (symbolic !== undefined) {
    info.ref = symbolic;
    const commit = await readRef(gitDirs, symbolic);
    if (commit !== undefined) info.commit = commit;
  } else if (/^[0-9a-f]{40,64}$/.test(head)) {
    info.commit = head;
  }
  return info;
}
