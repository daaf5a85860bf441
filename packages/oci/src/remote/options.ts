import type { Credentials } from './credentials.js';

/** Options of every registry operation. */
export interface RemoteOptions {
  /**
   * Plain HTTP (and so no TLS) to the registry, loopback or not. Without it: HTTPS, and for a
   * loopback registry plain HTTP when it does not answer a TLS handshake.
   */
  insecure?: boolean;
  /** Credentials to use instead of the Docker config's. */
  credentials?: Credentials;
  /** Environment to read DOCKER_CONFIG from (tests give their own). */
  env?: NodeJS.ProcessEnv;
  /** Milliseconds to wait for a registry's answer (headers) before giving up. */
  timeoutMs?: number;
  /** Retries after a 429, a 5xx or a dropped connection. */
  retries?: number;
  /** First backoff in milliseconds; doubled each retry. */
  retryBaseMs?: number;
  /**
   * Upload blobs larger than this in PATCH chunks of this size (bytes); monolithic otherwise.
   * Monolithic is the default: distribution re-reads chunked uploads to hash them, so one
   * streamed PUT is faster; chunks help where a proxy limits request size.
   */
  chunkSize?: number;
  /** Called with one line per request, for `--debug`. */
  trace?: (line: string) => void;
}

/** Defaults of RemoteOptions. */
export const REMOTE_DEFAULTS = {
  timeoutMs: 30_000,
  retries: 4,
  retryBaseMs: 250,
  chunkSize: Number.POSITIVE_INFINITY,
} as const;
