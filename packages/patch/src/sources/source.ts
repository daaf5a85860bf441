/** What a `signed-by` option names: keyring files, key fingerprints, or an inline armored key. */
export type SignedBy =
  | { kind: 'files'; paths: string[] }
  | { kind: 'fingerprints'; fingerprints: string[] }
  | { kind: 'inline'; armored: string };

/**
 * One binary repository entry of sources.list(5): one URI and one suite (deb822 paragraphs with
 * several URIs or suites are split into one entry each, as apt does).
 */
export interface AptSource {
  uri: string;
  /** A suite or codename, or for a flat repository a path ending in `/`. */
  suite: string;
  /** Empty for a flat repository. */
  components: string[];
  /** `arch=`/`Architectures:`; absent means the architectures dpkg is configured for. */
  architectures?: string[];
  signedBy?: SignedBy;
  /** `trusted=yes`: apt skips signature checks for this source. */
  trusted: boolean;
  /** Where the entry was written (`/etc/apt/sources.list:3`, `--repo`), for messages. */
  from: string;
  /** True for entries given on the command line: `signed-by` paths are host paths, not image paths. */
  fromCommandLine?: boolean;
}

/** The `dists/SUITE/` folder URL of a source (flat repositories: the suite path itself). */
export function releaseBaseUrl(source: Pick<AptSource, 'uri' | 'suite'>): string {
  const uri = source.uri.replace(/\/+$/, '');
  return source.suite.endsWith('/') ? `${uri}/${source.suite}` : `${uri}/dists/${source.suite}/`;
}

/** A stable name of the repository (URI and suite), the key of its replay record. */
export function repositoryKey(source: Pick<AptSource, 'uri' | 'suite'>): string {
  return `${source.uri.replace(/\/+$/, '')} ${source.suite}`;
}

/** Parses a `signed-by` value: an armored block, fingerprints, or comma-separated paths. */
export function parseSignedBy(value: string): SignedBy {
  const trimmed = value.trim();
  if (trimmed.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) {
    // deb822 writes the block's empty lines as " ." (deb822(5)).
    const armored = trimmed
      .split('\n')
      .map((line) => (line.trim() === '.' ? '' : line.trim()))
      .join('\n');
    return { kind: 'inline', armored };
  }
  const items = trimmed.split(/[\s,]+/).filter((i) => i !== '');
  if (items.length > 0 && items.every((i) => /^[0-9A-Fa-f]{16,64}!?$/.test(i))) {
    return { kind: 'fingerprints', fingerprints: items.map((i) => i.replace(/!$/, '').toUpperCase()) };
  }
  return { kind: 'files', paths: items };
}
