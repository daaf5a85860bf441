import { PassThrough, type Readable } from 'node:stream';
import { isCustodyError, VerifyingStream, writeStreamAtomic } from '@custody/core';
import { readCleartextMessage } from 'openpgp';
import { type Compression, decompressBytes } from '../deb/decompress.js';
import { PatchError } from '../errors.js';
import type { DebReference, RepositoryIndexSource, VerifiedPackagesIndex } from '../plan/source.js';
import {
  checkReleaseFreshness,
  type Keyring,
  parseRelease,
  type ReleaseEntry,
  type VerifiedRelease,
  verifyDetachedRelease,
  verifyInRelease,
} from '../release/index.js';
import {
  type AptSource,
  keyringForSource,
  readDefaultKeyrings,
  releaseBaseUrl,
  repositoryKey,
} from '../sources/index.js';
import type { RepositoryCache } from './cache.js';
import { getRequired, HttpTransport, type RepositoryTransport, readAll } from './http.js';
import { verifyIndexBytes } from './index-file.js';

export interface AptRepositoryOptions {
  /** The unpacked rootfs whose keyrings (and signed-by files) are read. */
  root: string;
  sources: AptSource[];
  /** The architectures dpkg is configured for (native first). */
  architectures: string[];
  /** `--keyring` keys, trusted for every source. */
  extraKeyring?: Keyring;
  transport?: RepositoryTransport;
  /** Blob cache and replay records; without one, nothing is cached and replay is not checked. */
  cache?: RepositoryCache;
  /** The clock for Date, Valid-Until and key expiry (injectable). */
  now?: () => Date;
}

// apt's preference among compressed indexes it supports; bz2/lzma/lz4 are not read here.
const INDEX_VARIANTS: [string, Compression][] = [
  ['.xz', 'xz'],
  ['.gz', 'gzip'],
  ['', 'none'],
];

/**
 * The repositories of a rootfs as apt sees them, verified: every Release is authenticated and
 * fresh before any index it lists is used, every index matches its Release, every .deb matches its
 * Packages entry while it streams. Implements the planner's RepositoryIndexSource.
 */
export class AptRepositorySource implements RepositoryIndexSource {
  readonly #options: AptRepositoryOptions;
  readonly #transport: RepositoryTransport;
  #defaults: Promise<Keyring> | undefined;

  constructor(options: AptRepositoryOptions) {
    this.#options = options;
    this.#transport = options.transport ?? new HttpTransport();
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  async #keyring(source: AptSource): Promise<Keyring> {
    const defaults = () => {
      this.#defaults ??= readDefaultKeyrings(this.#options.root);
      return this.#defaults;
    };
    return keyringForSource(
      source,
      this.#options.root,
      defaults,
      this.#options.extraKeyring ?? { keys: [], sources: [] },
    );
  }

  /** Fetches, authenticates and checks the freshness of one source's Release. */
  async release(source: AptSource): Promise<VerifiedRelease> {
    const base = releaseBaseUrl(source);
    const now = this.#now();
    const inRelease = await this.#transport.get(`${base}InRelease`);
    let verified: VerifiedRelease;
    if (inRelease !== undefined) {
      const bytes = await readAll(inRelease);
      const input = `${base}InRelease`;
      verified = source.trusted
        ? await unverifiedInRelease(bytes, input)
        : await verifyInRelease(bytes, { keyring: await this.#keyring(source), now, input });
    } else {
      const input = `${base}Release`;
      const release = await this.#transport.get(input);
      if (release === undefined) {
        throw new PatchError(
          'REPOSITORY_UNREACHABLE',
          'network',
          `${source.from}: no InRelease or Release at ${base}`,
          {
            input: base,
            hint: 'check the repository URL and suite',
          },
        );
      }
      const bytes = await readAll(release);
      const signature = await this.#transport.get(`${input}.gpg`);
      if (source.trusted) {
        const text = bytes.toString('utf8');
        verified = { release: parseRelease(text, input), text, signers: [] };
      } else if (signature === undefined) {
        throw new PatchError(
          'RELEASE_NOT_SIGNED',
          'input',
          `${input} is not signed (no InRelease, no Release.gpg)`,
          {
            input,
            hint: 'apt refuses unsigned repositories unless the source says trusted=yes',
          },
        );
      } else {
        verified = await verifyDetachedRelease(bytes, await readAll(signature), {
          keyring: await this.#keyring(source),
          now,
          input,
        });
      }
    }
    const key = repositoryKey(source);
    const cache = this.#options.cache;
    const lastDate = await cache?.lastReleaseDate(key);
    checkReleaseFreshness(verified.release, {
      now,
      input: base,
      ...(lastDate !== undefined ? { lastDate } : {}),
    });
    if (verified.release.date !== undefined) await cache?.recordReleaseDate(key, verified.release.date);
    return verified;
  }

  /** Every Packages index of every source, for the architectures asked, with Releases verified. */
  async indexes(): Promise<VerifiedPackagesIndex[]> {
    const out: VerifiedPackagesIndex[] = [];
    for (const source of this.#options.sources) {
      const { release } = await this.release(source);
      const base = releaseBaseUrl(source);
      const flat = source.suite.endsWith('/');
      for (const component of flat ? [''] : source.components) {
        for (const architecture of source.architectures ?? this.#options.architectures) {
          const path = flat ? 'Packages' : `${component}/binary-${architecture}/Packages`;
          const variants = INDEX_VARIANTS.map(([suffix, compression]) => ({
            entry: release.files.get(`${path}${suffix}`),
            compression,
          })).filter((v): v is { entry: ReleaseEntry; compression: Compression } => v.entry !== undefined);
          const chosen = variants[0];
          if (chosen === undefined) continue; // apt: "doesn't support architecture" — nothing to read
          const plain = release.files.get(path);
          out.push({
            origin: {
              baseUri: flat ? base : source.uri,
              component,
              architecture,
              release: {
                ...(release.suite !== undefined ? { suite: release.suite } : {}),
                ...(release.codename !== undefined ? { codename: release.codename } : {}),
                ...(release.origin !== undefined ? { origin: release.origin } : {}),
                ...(release.label !== undefined ? { label: release.label } : {}),
                ...(release.version !== undefined ? { version: release.version } : {}),
                notAutomatic: release.notAutomatic,
                butAutomaticUpgrades: release.butAutomaticUpgrades,
              },
            },
            architecture,
            // The uncompressed file's digest when the Release lists it (it always does for
            // Debian, Ubuntu and apt-ftparchive), else the compressed file's: both name content.
            sha256: plain?.sha256 ?? chosen.entry.sha256,
            text: () =>
              this.#indexText(`${base}${chosen.entry.path}`, chosen.entry, chosen.compression, plain),
          });
        }
      }
    }
    return out;
  }

  async #indexText(
    url: string,
    entry: ReleaseEntry,
    compression: Compression,
    plain?: ReleaseEntry,
  ): Promise<string> {
    const cache = this.#options.cache;
    let bytes: Buffer;
    if (cache !== undefined && (await cache.holds(entry.sha256, entry.size))) {
      bytes = await readAll(cache.open(entry.sha256, entry.size));
    } else {
      bytes = await readAll(await getRequired(this.#transport, url));
      verifyIndexBytes(bytes, entry, url);
      await cache?.storeBytes(bytes, entry.sha256);
    }
    const text = compression === 'none' ? bytes : await decompressBytes(bytes, compression);
    if (plain !== undefined && plain !== entry) verifyIndexBytes(text, plain, `${url} (uncompressed)`);
    return text.toString('utf8');
  }

  /**
   * The bytes of a .deb as a stream that fails before its end when the SHA256 or size differ from
   * the Packages entry (DEB_DIGEST_MISMATCH): consumers never see the end of bad bytes.
   */
  async openDeb(deb: DebReference): Promise<Readable> {
    const cache = this.#options.cache;
    if (cache !== undefined) {
      if (!(await cache.holds(deb.sha256, deb.size))) {
        await cache
          .store(await getRequired(this.#transport, deb.url), deb.sha256, deb.size, deb.url)
          .catch((error: unknown) => {
            throw debError(error, deb);
          });
      }
      return withDebErrors(cache.open(deb.sha256, deb.size), deb);
    }
    return verified(await getRequired(this.#transport, deb.url), deb);
  }

  /** Fetches a .deb to `path` (atomically), verified against its Packages entry. */
  async download(deb: DebReference, path: string): Promise<void> {
    const body = await this.openDeb(deb);
    await writeStreamAtomic(path, body).catch((error: unknown) => {
      throw debError(error, deb);
    });
  }
}

/** The body checked against the Packages entry while it streams. */
function verified(body: Readable, deb: DebReference): Readable {
  const check = new VerifyingStream({ digest: `sha256:${deb.sha256}`, size: deb.size, input: deb.url });
  body.on('error', (error) => check.destroy(error));
  return withDebErrors(body.pipe(check), deb);
}

/** Re-raises a digest or size mismatch of `stream` as DEB_DIGEST_MISMATCH, naming the .deb. */
function withDebErrors(stream: Readable, deb: DebReference): Readable {
  const out = new PassThrough();
  stream.on('error', (error) => out.destroy(debError(error, deb) as Error));
  return stream.pipe(out);
}

function debError(error: unknown, deb: DebReference): unknown {
  if (isCustodyError(error) && (error.code === 'DIGEST_MISMATCH' || error.code === 'SIZE_MISMATCH')) {
    return new PatchError(
      'DEB_DIGEST_MISMATCH',
      'input',
      `${deb.url} does not match its Packages entry: expected sha256:${deb.sha256} (${deb.size} bytes), ${error.message}`,
      {
        input: deb.url,
        expected: `sha256:${deb.sha256}`,
        ...(error.found !== undefined ? { found: error.found } : {}),
        hint: 'the file was altered or the mirror is broken; nothing was written',
        cause: error,
      },
    );
  }
  return error;
}

/** A `trusted=yes` source's InRelease: the signed text, not checked (apt's semantics for trusted). */
async function unverifiedInRelease(bytes: Uint8Array, input: string): Promise<VerifiedRelease> {
  const message = await readCleartextMessage({ cleartextMessage: new TextDecoder().decode(bytes) }).catch(
    (error: unknown) => {
      throw new PatchError(
        'RELEASE_INVALID',
        'input',
        `${input}: unreadable InRelease: ${(error as Error).message}`,
        {
          input,
          cause: error,
        },
      );
    },
  );
  const text = message.getText();
  return { release: parseRelease(text, input), text, signers: [] };
}
