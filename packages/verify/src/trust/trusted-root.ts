import { TrustedRoot } from '@sigstore/protobuf-specs';
import { VerifyError } from '../errors.js';

/** A trusted root as read from JSON, kept with its source text for caching and reporting. */
export interface TrustedRootDocument {
  /** The parsed root (protobuf-specs JSON mapping). */
  root: TrustedRoot;
  /** Where it came from: a file path or `@sigstore/tuf seed`. */
  source: string;
  /** The JSON text the root was parsed from; the cache key of its trust material. */
  text: string;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a trusted root from JSON, or from JSON Lines as `gh attestation trusted-root` prints them
 * (one root per line). Of JSON Lines all roots are returned, oldest first as written.
 */
export function parseTrustedRoots(text: string, source: string): TrustedRootDocument[] {
  const trimmed = text.trim();
  let documents: unknown[];
  try {
    documents = [JSON.parse(trimmed)];
  } catch {
    documents = [];
    const lines = trimmed.split('\n').filter((line) => line.trim() !== '');
    for (const [index, line] of lines.entries()) {
      try {
        documents.push(JSON.parse(line));
      } catch (error) {
        throw new VerifyError(
          'INPUT_UNREADABLE',
          `${source}: line ${index + 1} is not JSON: ${String(error)}`,
          {
            input: source,
            hint: 'give a trusted_root.json or JSON Lines of them',
          },
        );
      }
    }
  }
  if (documents.length === 0) {
    throw new VerifyError('INPUT_UNREADABLE', `${source}: empty trusted root`, { input: source });
  }
  return documents.map((document) => {
    assertTrustedRootShape(document, source);
    return { root: TrustedRoot.fromJSON(document), source, text: JSON.stringify(document) };
  });
}

/**
 * Checks what protobuf-specs' lenient JSON mapping lets through. `TimeRange.start` is required
 * (trusted_root.proto: "the start time is required"); @sigstore/verify 3.1.1 treats a missing start
 * as the beginning of time, so a key with `validFor: {}` would be trusted for every date
 * (conformance case trust-root-tlog-missing-validity-start_fail).
 */
export function assertTrustedRootShape(document: unknown, source: string): void {
  if (!isObject(document)) {
    throw new VerifyError('TRUSTED_ROOT_INVALID', `${source}: a trusted root is a JSON object`, {
      input: source,
    });
  }
  const mediaType = document.mediaType;
  if (typeof mediaType !== 'string' || !mediaType.startsWith('application/vnd.dev.sigstore.trustedroot')) {
    throw new VerifyError('TRUSTED_ROOT_INVALID', `${source}: not a Sigstore trusted root`, {
      input: source,
      expected: 'mediaType application/vnd.dev.sigstore.trustedroot+json',
      found: String(mediaType),
    });
  }
  for (const kind of ['tlogs', 'ctlogs'] as const) {
    const logs = document[kind];
    if (logs === undefined) continue;
    if (!Array.isArray(logs)) throw rootError(source, `${kind} is not a list`);
    for (const log of logs) {
      const name = isObject(log) ? String(log.baseUrl ?? '?') : '?';
      const publicKey = isObject(log) ? log.publicKey : undefined;
      if (!isObject(publicKey) || typeof publicKey.rawBytes !== 'string') {
        throw rootError(source, `${kind} entry ${name} has no public key`);
      }
      assertTimeRange(publicKey.validFor, `${kind} entry ${name} publicKey.validFor`, source, true);
    }
  }
  for (const kind of ['certificateAuthorities', 'timestampAuthorities'] as const) {
    const authorities = document[kind];
    if (authorities === undefined) continue;
    if (!Array.isArray(authorities)) throw rootError(source, `${kind} is not a list`);
    for (const authority of authorities) {
      const name = isObject(authority) ? String(authority.uri ?? '?') : '?';
      if (isObject(authority) && authority.validFor !== undefined) {
        assertTimeRange(authority.validFor, `${kind} entry ${name} validFor`, source, false);
      }
    }
  }
}

function assertTimeRange(range: unknown, what: string, source: string, required: boolean): void {
  if (range === undefined && !required) return;
  if (!isObject(range) || typeof range.start !== 'string' || Number.isNaN(Date.parse(range.start))) {
    throw new VerifyError('TRUSTED_ROOT_INVALID', `${source}: ${what} has no valid start time`, {
      input: source,
      expected: 'an RFC 3339 start time (TimeRange.start is required)',
      found: JSON.stringify(range ?? null),
      hint: 'fix or replace the trusted root',
    });
  }
}

function rootError(source: string, message: string): VerifyError {
  return new VerifyError('TRUSTED_ROOT_INVALID', `${source}: ${message}`, { input: source });
}

/**
 * True when every key and certificate authority of the root has an end date before `now`: such a
 * root can still verify old signatures, but it is likely stale.
 */
export function allKeysExpired(root: TrustedRoot, now: Date = new Date()): boolean {
  const ends: (Date | undefined)[] = [
    ...root.tlogs.map((log) => log.publicKey?.validFor?.end),
    ...root.ctlogs.map((log) => log.publicKey?.validFor?.end),
    ...root.certificateAuthorities.map((ca) => ca.validFor?.end),
    ...root.timestampAuthorities.map((tsa) => tsa.validFor?.end),
  ];
  return ends.length > 0 && ends.every((end) => end !== undefined && end.getTime() < now.getTime());
}
