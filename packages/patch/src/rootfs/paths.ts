import { lstat, readlink } from 'node:fs/promises';
import { posix } from 'node:path';

const MAX_LINKS = 40; // Linux's own limit on symlinks followed in one lookup (path_resolution(7))

/**
 * The host path of `inside` (an absolute path as the image sees it) under `root`, following
 * symbolic links as the image would: an absolute target restarts at `root`, `..` stops at `root`.
 * Unpacked images link `/etc/os-release` to `../usr/lib/os-release`, and a link must never lead
 * out of the rootfs into the host.
 */
export async function resolveInRootfs(root: string, inside: string): Promise<string> {
  const pending = inside.split('/').filter((p) => p !== '' && p !== '.');
  const done: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '..') {
      done.pop();
      continue;
    }
    const host = posix.join(root, ...done, part);
    const stat = await lstat(host).catch(() => undefined);
    if (stat?.isSymbolicLink() !== true) {
      done.push(part);
      continue;
    }
    if (++links > MAX_LINKS) throw new Error(`too many symbolic links under ${inside}`);
    const target = await readlink(host);
    if (target.startsWith('/')) done.length = 0;
    pending.unshift(...target.split('/').filter((p) => p !== '' && p !== '.'));
  }
  return posix.join(root, ...done);
}
