import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { OciError } from '../errors.js';
import { type Challenge, parseChallenges } from './challenge.js';
import { type Credentials, lookupCredentials } from './credentials.js';
import { REMOTE_DEFAULTS, type RemoteOptions } from './options.js';

/** A request the client may send more than once (retries, auth): the body is made per attempt. */
export interface RegistryRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** Path (`/v2/…`) or an absolute URL (an upload Location). */
  url: string;
  headers?: Record<string, string>;
  /** A fresh body each attempt; a one-shot body (stream) must set `once`. */
  body?: () => NonNullable<RequestInit['body']>;
  /** The body cannot be sent twice: no retry after it started. */
  once?: boolean;
  /**
   * A blob body, streamed with node:http(s) rather than fetch: Node 20's fetch reads a request
   * body ahead of the socket, so memory would grow with the blob. Implies `once`.
   */
  upload?: () => Readable;
  /** Scopes this request needs, e.g. `repository:library/debian:pull`. */
  scopes: string[];
  /** Statuses that are answers, not errors (404 for a HEAD that asks "is it there?"). */
  accept?: number[];
}

const oneShot = (request: RegistryRequest): boolean => request.once === true || request.upload !== undefined;

function responseOf(answer: IncomingMessage, method: string): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const status = answer.statusCode ?? 502;
  if (status === 204 || status === 304 || method === 'HEAD') {
    answer.resume();
    return new Response(null, { status, headers });
  }
  const body = Readable.toWeb(answer) as unknown as ConstructorParameters<typeof Response>[0];
  return new Response(body, { status, headers });
}

/** Sends a streamed body with node:http(s), honouring backpressure; the answer as a fetch Response. */
function sendStream(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Readable,
  idleMs: number,
  controller: AbortController,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, { method, headers }, (answer) => resolve(responseOf(answer, method)));
    request.setTimeout(idleMs, () => {
      controller.abort(new Error('timeout'));
      request.destroy(new Error('timeout'));
    });
    request.on('error', reject);
    body.on('error', (error) => request.destroy(error));
    body.pipe(request);
  });
}

/** Hosts custody may talk plain HTTP to without `--insecure`: loopback only. */
export function isLoopback(registry: string): boolean {
  const host = registry.startsWith('[')
    ? registry.slice(1, registry.indexOf(']'))
    : (registry.split(':')[0] ?? '');
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * The API endpoint of a registry: Docker Hub's lives on registry-1.docker.io. HTTPS, but plain
 * HTTP with `--insecure`; a loopback registry gets HTTPS when it speaks TLS and HTTP otherwise,
 * which `probeTls` tells (`tls` says which, when known).
 */
export function registryBaseUrl(registry: string, options: RemoteOptions, tls?: boolean): string {
  const host = registry === 'docker.io' ? 'registry-1.docker.io' : registry;
  const scheme = options.insecure === true || (isLoopback(registry) && tls === false) ? 'http' : 'https';
  return `${scheme}://${host}`;
}

/**
 * Whether a server answers a TLS handshake (certificates are not judged here: the requests that
 * follow verify them). A plain-HTTP server answers the handshake with an HTTP error, which fails
 * it at once; no answer within `timeoutMs` counts as no TLS. Docker tries HTTPS first and falls
 * back to HTTP for local registries the same way.
 */
export function probeTls(registry: string, timeoutMs = 2000): Promise<boolean> {
  const bracketed = registry.startsWith('[');
  const host = bracketed ? registry.slice(1, registry.indexOf(']')) : (registry.split(':')[0] ?? '');
  const portText = bracketed ? registry.slice(registry.indexOf(']') + 2) : registry.split(':')[1];
  const port = portText !== undefined && portText !== '' ? Number(portText) : 443;
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host,
      port,
      rejectUnauthorized: false,
      ...(isIP(host) === 0 ? { servername: host } : {}),
    });
    const done = (speaksTls: boolean): void => {
      socket.destroy();
      resolve(speaksTls);
    };
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(timeoutMs, () => done(false));
  });
}

/** The certificate problem behind a failed request, when it is one (Node's X509 error codes). */
function certificateProblem(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (
      typeof code === 'string' &&
      /CERT|SELF_SIGNED|ISSUER|VERIFY|ALTNAME|UNABLE_TO_GET/.test(code) &&
      !code.startsWith('ERR_SSL')
    )
      return current instanceof Error ? current.message : code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function errnoOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    const errors = (current as { errors?: unknown[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) current = errors[0];
    else current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The distribution spec's error body: `{"errors":[{"code":"…","message":"…"}]}`. */
async function registryErrorText(response: Response): Promise<string> {
  try {
    const text = await response.text();
    const parsed = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    const first = parsed.errors?.[0];
    if (first !== undefined) return [first.code, first.message].filter(Boolean).join(': ');
    return text.slice(0, 200);
  } catch {
    return '';
  }
}

/**
 * HTTP to one registry: authentication (anonymous, basic, bearer tokens per scope, reused),
 * retries with backoff on 429, 5xx and dropped connections, a timeout for each answer, and
 * errors mapped to OciError codes whose kind decides the exit status.
 */
export class RegistryClient {
  readonly registry: string;
  /** Names the image in errors. */
  readonly name: string;
  readonly #options: RemoteOptions;
  readonly #tokens = new Map<string, string>();
  #challenge: Challenge | undefined;
  #credentials: Promise<Credentials | undefined> | undefined;
  #baseUrl: string;
  /** For a loopback registry: the TLS probe, started by the first request. */
  #probe: Promise<void> | undefined;

  constructor(registry: string, name: string, options: RemoteOptions = {}) {
    this.registry = registry;
    this.name = name;
    this.#options = options;
    this.#baseUrl = registryBaseUrl(registry, options);
  }

  /** Settles the scheme of a loopback registry once, before its first request. */
  #schemeKnown(): Promise<void> {
    if (!isLoopback(this.registry) || this.#options.insecure === true) return Promise.resolve();
    this.#probe ??= probeTls(this.registry).then((tls) => {
      this.#baseUrl = registryBaseUrl(this.registry, this.#options, tls);
      this.#options.trace?.(`${this.registry} ${tls ? 'speaks TLS: HTTPS' : 'does not speak TLS: HTTP'}`);
    });
    return this.#probe;
  }

  /** The registry's endpoint (`https://host` or `http://host`); known once a request was made. */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  #credentialsFor(): Promise<Credentials | undefined> {
    this.#credentials ??=
      this.#options.credentials !== undefined
        ? Promise.resolve(this.#options.credentials)
        : lookupCredentials(this.registry, this.#options.env);
    return this.#credentials;
  }

  #error(
    code: 'UNAUTHORIZED' | 'DENIED' | 'NOT_FOUND' | 'REGISTRY_ERROR' | 'REGISTRY_UNAVAILABLE',
    status: number,
    what: string,
    detail: string,
  ): OciError {
    const hints: Partial<Record<typeof code, string>> = {
      UNAUTHORIZED: 'log in with `custody login` or pass --username and --password-stdin',
      DENIED: 'the credentials used may not do this; check the account’s rights',
      REGISTRY_UNAVAILABLE: 'the registry failed; try again later',
    };
    const hint = hints[code];
    return new OciError(code, `${this.name}: ${what}: HTTP ${status}${detail ? ` (${detail})` : ''}`, {
      input: this.name,
      status,
      ...(hint !== undefined ? { hint } : {}),
    });
  }

  async #authorization(scopes: string[]): Promise<string | undefined> {
    const challenge = this.#challenge;
    if (challenge === undefined) return undefined;
    if (challenge.scheme === 'basic') {
      const credentials = await this.#credentialsFor();
      if (credentials === undefined) return undefined;
      return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    }
    const key = scopes.join(' ');
    const cached = this.#tokens.get(key);
    if (cached !== undefined) return cached;
    const header = `Bearer ${await this.#fetchToken(challenge, scopes)}`;
    this.#tokens.set(key, header);
    return header;
  }

  /** The token flow of the distribution token spec (docs/spec/auth/token.md): GET realm?service&scope. */
  async #fetchToken(challenge: Challenge, scopes: string[]): Promise<string> {
    const realm = challenge.params.realm;
    if (realm === undefined) {
      throw new OciError('UNAUTHORIZED', `${this.name}: the registry's bearer challenge names no realm`, {
        input: this.name,
      });
    }
    const url = new URL(realm);
    if (challenge.params.service !== undefined) url.searchParams.set('service', challenge.params.service);
    for (const scope of scopes) url.searchParams.append('scope', scope);
    const headers: Record<string, string> = {};
    const credentials = await this.#credentialsFor();
    if (credentials !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    }
    const response = await this.#send(url.href, { method: 'GET', headers }, 'token request');
    if (response.status === 401)
      throw this.#error('UNAUTHORIZED', 401, 'token request refused', await registryErrorText(response));
    if (response.status === 403)
      throw this.#error('DENIED', 403, 'token request denied', await registryErrorText(response));
    if (!response.ok)
      throw this.#error(
        'REGISTRY_ERROR',
        response.status,
        'token request failed',
        await registryErrorText(response),
      );
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new OciError('UNAUTHORIZED', `${this.name}: the token server returned no token`, {
        input: this.name,
      });
    }
    return token;
  }

  /** One HTTP exchange with a timeout on the answer's headers; network failures become OciErrors. */
  async #send(url: string, init: RequestInit, what: string, upload?: Readable): Promise<Response> {
    const controller = new AbortController();
    const timeoutMs = this.#options.timeoutMs ?? REMOTE_DEFAULTS.timeoutMs;
    // An upload may take longer than any answer should: it times out on an idle socket instead.
    const timer =
      upload === undefined ? setTimeout(() => controller.abort(new Error('timeout')), timeoutMs) : undefined;
    this.#options.trace?.(`${init.method ?? 'GET'} ${url}`);
    try {
      if (upload !== undefined) {
        return await sendStream(
          url,
          init.method ?? 'PUT',
          init.headers as Record<string, string>,
          upload,
          timeoutMs,
          controller,
        );
      }
      return await fetch(url, { ...init, redirect: 'follow', signal: controller.signal });
    } catch (cause) {
      if (controller.signal.aborted) {
        throw new OciError(
          'TIMEOUT',
          `${this.name}: ${what}: no answer from ${this.registry} within ${timeoutMs / 1000} s`,
          {
            input: this.name,
            cause,
          },
        );
      }
      const certificate = certificateProblem(cause);
      if (certificate !== undefined) {
        throw new OciError(
          'TLS_UNTRUSTED',
          `${this.name}: ${what}: the TLS certificate of ${this.registry} is not trusted: ${certificate}`,
          {
            input: this.name,
            cause,
            hint: 'trust the CA that issued it: NODE_EXTRA_CA_CERTS=/path/to/ca.pem custody …',
          },
        );
      }
      const errno = errnoOf(cause);
      const reason =
        errno === 'ECONNREFUSED'
          ? 'connection refused'
          : (errno ?? (cause instanceof Error ? cause.message : String(cause)));
      throw new OciError(
        'CONNECTION_FAILED',
        `${this.name}: ${what}: cannot reach ${this.registry}: ${reason}`,
        {
          input: this.name,
          cause,
          hint:
            isLoopback(this.registry) || this.#options.insecure === true
              ? 'is the registry running?'
              : 'check the registry address and the network',
        },
      );
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }

  /**
   * Sends a request: adds authorization, answers one 401 challenge, retries 429/5xx and dropped
   * connections with exponential backoff (honouring Retry-After), and maps final failures.
   */
  async request(request: RegistryRequest, what: string): Promise<Response> {
    await this.#schemeKnown();
    const url = request.url.startsWith('http') ? request.url : `${this.#baseUrl}${request.url}`;
    const retries = this.#options.retries ?? REMOTE_DEFAULTS.retries;
    const base = this.#options.retryBaseMs ?? REMOTE_DEFAULTS.retryBaseMs;
    let answeredChallenge = false;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { 'user-agent': 'custody', ...(request.headers ?? {}) };
      const authorization = await this.#authorization(request.scopes);
      if (authorization !== undefined) headers.authorization = authorization;
      const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers };
      if (request.body !== undefined) {
        init.body = request.body();
        init.duplex = 'half';
      }
      let response: Response;
      try {
        response = await this.#send(url, init, what, request.upload?.());
      } catch (error) {
        const retryable =
          error instanceof OciError && error.code === 'CONNECTION_FAILED' && !oneShot(request);
        if (retryable && attempt < retries) {
          await sleep(base * 2 ** attempt);
          continue;
        }
        throw error;
      }
      const status = response.status;
      if (request.accept?.includes(status) === true || (status >= 200 && status < 300)) return response;
      if (status === 401 && !answeredChallenge && !oneShot(request)) {
        const header = response.headers.get('www-authenticate') ?? '';
        const challenge = parseChallenges(header).find((c) => c.scheme === 'bearer' || c.scheme === 'basic');
        await response.body?.cancel();
        if (challenge !== undefined) {
          answeredChallenge = true;
          this.#challenge = challenge;
          this.#tokens.delete(request.scopes.join(' '));
          if (challenge.scheme === 'basic' && (await this.#credentialsFor()) === undefined) {
            throw this.#error(
              'UNAUTHORIZED',
              401,
              `${what} needs credentials`,
              'none found in the Docker config',
            );
          }
          continue;
        }
        throw this.#error('UNAUTHORIZED', 401, what, 'no usable WWW-Authenticate challenge');
      }
      if ((status === 429 || status >= 500) && attempt < retries && !oneShot(request)) {
        const retryAfter = Number(response.headers.get('retry-after'));
        await response.body?.cancel();
        await sleep(
          Number.isFinite(retryAfter) && retryAfter > 0
            ? Math.min(retryAfter * 1000, 10_000)
            : base * 2 ** attempt,
        );
        continue;
      }
      const detail = request.method === 'HEAD' ? '' : await registryErrorText(response);
      if (status === 401)
        throw this.#error('UNAUTHORIZED', status, `${what} refused after authentication`, detail);
      if (status === 403) throw this.#error('DENIED', status, `${what} denied`, detail);
      if (status === 404) throw this.#error('NOT_FOUND', status, `${what}: not found`, detail);
      if (status === 429 || status >= 500) {
        throw this.#error(
          'REGISTRY_UNAVAILABLE',
          status,
          `${what} failed after ${attempt + 1} attempt(s)`,
          detail,
        );
      }
      throw this.#error('REGISTRY_ERROR', status, `${what} failed`, detail);
    }
  }

  /** `GET /v2/`: checks the registry answers and that authentication works (used by login). */
  async ping(): Promise<void> {
    const response = await this.request({ method: 'GET', url: '/v2/', scopes: [] }, 'ping');
    await response.body?.cancel();
  }
}
