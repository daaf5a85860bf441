import { readdir, readFile } from 'node:fs/promises';
import { PatchError } from '../errors.js';
import { type Keyring, mergeKeyrings, readKeyring } from '../release/index.js';
import { resolveInRootfs } from '../rootfs/index.js';
import type { AptSource } from './source.js';

/** Where apt looks for trusted keys when a source has no `signed-by` (apt-key(8), apt-secure(8)). */
const TRUSTED_FILE = '/etc/apt/trusted.gpg';
const TRUSTED_FOLDERS = ['/etc/apt/trusted.gpg.d', '/usr/share/keyrings'];

async function keyringFile(host: string, input: string): Promise<Keyring> {
  const bytes = await readFile(host).catch((error: NodeJS.ErrnoException) => {
    throw new PatchError(
      'KEYRING_INVALID',
      'input',
      `${input}: cannot read keyring (${error.code ?? error.message})`,
      {
        input,
        hint: 'signed-by must name a keyring file present in the image (or on this machine for --repo/--keyring)',
        cause: error,
      },
    );
  });
  return { keys: await readKeyring(bytes, input), sources: [input] };
}

/** Keyrings given with `--keyring` (host paths): added to every repository's trusted keys. */
export async function readExtraKeyrings(paths: string[]): Promise<Keyring> {
  return mergeKeyrings(...(await Promise.all(paths.map((p) => keyringFile(p, p)))));
}

/**
 * The image's default trusted keys: `/etc/apt/trusted.gpg`, `/etc/apt/trusted.gpg.d/*.{gpg,asc}`
 * and `/usr/share/keyrings/*.{gpg,asc}`. Ubuntu's `*-removed-keys.gpg` hold keys taken out of
 * service: never trusted.
 */
export async function readDefaultKeyrings(root: string): Promise<Keyring> {
  const keyrings: Keyring[] = [];
  const legacy = await resolveInRootfs(root, TRUSTED_FILE);
  const legacyBytes = await readFile(legacy).catch(() => undefined);
  if (legacyBytes !== undefined && legacyBytes.byteLength > 0) {
    keyrings.push({ keys: await readKeyring(legacyBytes, TRUSTED_FILE), sources: [TRUSTED_FILE] });
  }
  for (const folder of TRUSTED_FOLDERS) {
    const host = await resolveInRootfs(root, folder);
    const names = (await readdir(host).catch(() => [] as string[]))
      .filter((n) => /\.(?:gpg|asc)$/.test(n) && !n.includes('removed-keys'))
      .sort();
    for (const name of names) {
      const path = `${folder}/${name}`;
      keyrings.push(await keyringFile(await resolveInRootfs(root, path), path));
    }
  }
  return mergeKeyrings(...keyrings);
}

/**
 * The keys apt would accept for `source`: its `signed-by` (files in the image, or on this machine
 * for `--repo` entries; fingerprints select from the default keys; an inline key), else the
 * image's default keyrings; `--keyring` keys are always added.
 */
export async function keyringForSource(
  source: AptSource,
  root: string,
  defaults: () => Promise<Keyring>,
  extra: Keyring,
): Promise<Keyring> {
  const signedBy = source.signedBy;
  if (signedBy === undefined) return mergeKeyrings(await defaults(), extra);
  switch (signedBy.kind) {
    case 'inline': {
      const input = `${source.from} (inline Signed-By)`;
      return mergeKeyrings(
        { keys: await readKeyring(new TextEncoder().encode(signedBy.armored), input), sources: [input] },
        extra,
      );
    }
    case 'fingerprints': {
      const all = await defaults();
      const wanted = new Set(signedBy.fingerprints);
      const keys = all.keys.filter((k) =>
        [k, ...k.getSubkeys()].some((part) => wanted.has(part.getFingerprint().toUpperCase())),
      );
      return mergeKeyrings({ keys, sources: all.sources }, extra);
    }
    case 'files': {
      const files = await Promise.all(
        signedBy.paths.map(async (path) =>
          keyringFile(source.fromCommandLine === true ? path : await resolveInRootfs(root, path), path),
        ),
      );
      return mergeKeyrings(...files, extra);
    }
  }
}
