import { readdir, readFile } from 'node:fs/promises';
import { resolveInRootfs } from '../rootfs/index.js';
import { parseDeb822Sources, parseOneLineSources } from './parse.js';
import type { AptSource } from './source.js';

async function readInRootfs(root: string, path: string): Promise<string | undefined> {
  const host = await resolveInRootfs(root, path);
  return readFile(host, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'EISDIR') return undefined;
    throw error;
  });
}

/**
 * The binary repositories an unpacked rootfs configures, in apt's order: `/etc/apt/sources.list`,
 * then `sources.list.d/*.list` and `*.sources` sorted by name (apt ignores other file names).
 */
export async function readAptSources(root: string): Promise<AptSource[]> {
  const sources: AptSource[] = [];
  const main = await readInRootfs(root, '/etc/apt/sources.list');
  if (main !== undefined) sources.push(...parseOneLineSources(main, '/etc/apt/sources.list'));
  const folder = await resolveInRootfs(root, '/etc/apt/sources.list.d');
  const names = (await readdir(folder).catch(() => [] as string[]))
    .filter((n) => /^[A-Za-z0-9_.-]+\.(?:list|sources)$/.test(n))
    .sort();
  for (const name of names) {
    const path = `/etc/apt/sources.list.d/${name}`;
    const text = await readInRootfs(root, path);
    if (text === undefined) continue;
    sources.push(
      ...(name.endsWith('.list') ? parseOneLineSources(text, path) : parseDeb822Sources(text, path)),
    );
  }
  return sources;
}

/**
 * Applies `--repo` entries (one-line sources.list syntax): an entry for a suite the image already
 * uses replaces the image's entries for that suite (another mirror, another key), any other entry
 * is added.
 */
export function applyRepositoryOverrides(image: AptSource[], repos: string[]): AptSource[] {
  const given = repos.flatMap((line, i) =>
    parseOneLineSources(line.trim().startsWith('deb') ? line : `deb ${line}`, `--repo #${i + 1}`).map(
      (s) => ({
        ...s,
        from: `--repo ${line}`,
        fromCommandLine: true,
      }),
    ),
  );
  const overridden = new Set(given.map((s) => s.suite));
  return [...image.filter((s) => !overridden.has(s.suite)), ...given];
}
