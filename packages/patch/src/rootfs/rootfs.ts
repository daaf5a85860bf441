import { readdir, readFile, stat } from 'node:fs/promises';
import { PatchError } from '../errors.js';
import {
  Deb822SyntaxError,
  INDEX_FIELDS,
  PackageVersion,
  parseStanzas,
  type Stanza,
} from '../index-model/index.js';
import { resolveInRootfs } from './paths.js';

/** dpkg's selection and state of one package (the `Status: want flag state` field, dpkg(1)). */
export interface DpkgStatus {
  want: string;
  flag: string;
  state: string;
}

/** One package dpkg has installed (any state but `not-installed` and `config-files`). */
export interface InstalledPackage {
  version: PackageVersion;
  status: DpkgStatus;
}

/** What custody reads of an unpacked Debian or Ubuntu root filesystem. */
export interface Rootfs {
  /** The host path of the rootfs. */
  root: string;
  /** dpkg's native architecture. */
  nativeArch: string;
  /** Architectures added with `dpkg --add-architecture`. */
  foreignArchs: string[];
  installed: InstalledPackage[];
  /** `name:arch` keys of packages on hold (`want` is `hold`). */
  held: Set<string>;
  /** `/etc/os-release` (or `/usr/lib/os-release`) as key/value pairs. */
  osRelease: Record<string, string>;
  /** apt_preferences(5) records of `/etc/apt/preferences` and `preferences.d`, in apt's order. */
  preferences: Stanza[];
}

/** States apt and dpkg count as "current version present" (everything but these two). */
const ABSENT_STATES = new Set(['not-installed', 'config-files']);

/** Parses a `Status` field; undefined when malformed. */
export function parseDpkgStatus(value: string | undefined): DpkgStatus | undefined {
  const words = value?.trim().split(/\s+/);
  if (words?.length !== 3) return undefined;
  const [want, flag, state] = words as [string, string, string];
  return { want, flag, state };
}

/** os-release(5): `KEY=value` lines, values optionally quoted with shell escapes. */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const equals = trimmed.indexOf('=');
    if (equals <= 0) continue;
    let value = trimmed.slice(equals + 1);
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1).replace(/\\(["'$`\\])/g, '$1');
    }
    fields[trimmed.slice(0, equals)] = value;
  }
  return fields;
}

async function readText(root: string, inside: string): Promise<string | undefined> {
  const path = await resolveInRootfs(root, inside);
  return readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  });
}

function parseStatusFile(text: string, input: string): PackageVersion[] {
  try {
    return parseStanzas(text, INDEX_FIELDS).map((stanza) => new PackageVersion(stanza));
  } catch (error) {
    if (error instanceof Deb822SyntaxError) {
      throw new PatchError('DPKG_STATUS_INVALID', 'input', `${input}: ${error.message}`, {
        input,
        line: error.line,
        hint: 'the rootfs has a damaged dpkg database',
      });
    }
    throw error;
  }
}

/**
 * Reads dpkg's database: `/var/lib/dpkg/status`, and `/var/lib/dpkg/status.d/*` where images
 * without dpkg (distroless) keep one paragraph file per package.
 */
async function readDpkgDatabase(root: string): Promise<PackageVersion[]> {
  const versions: PackageVersion[] = [];
  const status = await readText(root, '/var/lib/dpkg/status');
  if (status !== undefined) versions.push(...parseStatusFile(status, `${root}/var/lib/dpkg/status`));
  const partsDir = await resolveInRootfs(root, '/var/lib/dpkg/status.d');
  const parts = await readdir(partsDir).catch(() => [] as string[]);
  for (const part of parts.sort()) {
    if (part.endsWith('.md5sums')) continue;
    const text = await readText(root, `/var/lib/dpkg/status.d/${part}`);
    if (text !== undefined) versions.push(...parseStatusFile(text, `${partsDir}/${part}`));
  }
  if (status === undefined && parts.length === 0) {
    throw new PatchError(
      'DPKG_STATUS_INVALID',
      'input',
      `${root} has no dpkg database (var/lib/dpkg/status)`,
      {
        input: root,
        hint: 'give the root of an unpacked Debian or Ubuntu filesystem',
      },
    );
  }
  return versions;
}

/**
 * apt_preferences(5) files: `/etc/apt/preferences`, then `preferences.d/*` in name order, of those
 * names only letters, digits, `_`, `-` and `.` and no extension or `.pref` (as apt reads them).
 */
async function readPreferences(root: string): Promise<Stanza[]> {
  const texts: [string, string][] = [];
  const main = await readText(root, '/etc/apt/preferences');
  if (main !== undefined) texts.push(['/etc/apt/preferences', main]);
  const dir = await resolveInRootfs(root, '/etc/apt/preferences.d');
  const names = (await readdir(dir).catch(() => [] as string[])).filter(
    (n) => /^[A-Za-z0-9_.-]+$/.test(n) && (!n.includes('.') || n.endsWith('.pref')),
  );
  for (const name of names.sort()) {
    const text = await readText(root, `/etc/apt/preferences.d/${name}`);
    if (text !== undefined) texts.push([`/etc/apt/preferences.d/${name}`, text]);
  }
  const records: Stanza[] = [];
  for (const [path, text] of texts) {
    try {
      records.push(...parseStanzas(text));
    } catch (error) {
      if (!(error instanceof Deb822SyntaxError)) throw error;
      throw new PatchError('PREFERENCES_INVALID', 'input', `${root}${path}: ${error.message}`, {
        input: `${root}${path}`,
        line: error.line,
        hint: 'apt would refuse this preferences file too',
      });
    }
  }
  return records;
}

/** dpkg's native architecture: dpkg's own package's, else the most common non-`all` one. */
function nativeArchitecture(versions: PackageVersion[], archFile: string[]): string | undefined {
  const dpkg = versions.find((v) => v.name === 'dpkg' && v.architecture !== 'all');
  if (dpkg !== undefined) return dpkg.architecture;
  const counts = new Map<string, number>();
  for (const v of versions)
    if (v.architecture !== 'all') counts.set(v.architecture, (counts.get(v.architecture) ?? 0) + 1);
  let best: string | undefined;
  for (const [arch, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = arch;
  return best ?? archFile[0];
}

/** Reads the dpkg database, architectures and os-release of an unpacked root filesystem. */
export async function readRootfs(root: string): Promise<Rootfs> {
  const info = await stat(root).catch(() => undefined);
  if (info?.isDirectory() !== true) {
    throw new PatchError('ROOTFS_NOT_FOUND', 'input', `${root} is not a directory`, {
      input: root,
      hint: 'give the root of an unpacked Debian or Ubuntu filesystem',
    });
  }
  const versions = await readDpkgDatabase(root);
  const installed: InstalledPackage[] = [];
  for (const version of versions) {
    // status.d paragraphs of distroless images carry no Status field: they are installed.
    const status = parseDpkgStatus(version.stanza.Status ?? 'install ok installed');
    if (status === undefined || version.name === '' || version.version === '') {
      throw new PatchError(
        'DPKG_STATUS_INVALID',
        'input',
        `dpkg status paragraph of "${version.name || '?'}" lacks Package, Version or a valid Status`,
        { input: `${root}/var/lib/dpkg/status`, hint: 'the rootfs has a damaged dpkg database' },
      );
    }
    if (!ABSENT_STATES.has(status.state)) installed.push({ version, status });
  }
  const archFile = ((await readText(root, '/var/lib/dpkg/arch')) ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const nativeArch = nativeArchitecture(
    installed.map((p) => p.version),
    archFile,
  );
  if (nativeArch === undefined) {
    throw new PatchError('ARCHITECTURE_UNKNOWN', 'input', `cannot tell dpkg's architecture in ${root}`, {
      input: root,
      hint: 'the dpkg database lists no architecture-specific package and var/lib/dpkg/arch is absent',
    });
  }
  const osReleaseText =
    (await readText(root, '/etc/os-release')) ?? (await readText(root, '/usr/lib/os-release'));
  const held = new Set<string>();
  for (const p of installed) {
    if (p.status.want === 'hold') {
      const arch = p.version.architecture === 'all' ? nativeArch : p.version.architecture;
      held.add(`${p.version.name}:${arch}`);
    }
  }
  return {
    root,
    nativeArch,
    foreignArchs: archFile.filter((a) => a !== nativeArch),
    installed,
    held,
    osRelease: osReleaseText === undefined ? {} : parseOsRelease(osReleaseText),
    preferences: await readPreferences(root),
  };
}
