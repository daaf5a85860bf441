// Starts Debian's docker-registry (distribution 2.8) on 127.0.0.1 for a test: port 0 (the port
// it chose is read from its "listening on" log line), a temporary storage folder, and one of its
// auth modes: none, htpasswd (bcrypt hashes made by `htpasswd -nbB`), or token (a loopback
// token server signing ES256 JWTs with a key made here; distribution 2.8 finds the key by the
// JWT's `kid`, the libtrust key ID of a certificate in its rootcertbundle).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, createPrivateKey, type KeyObject, randomUUID, sign } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running registry. */
export interface TestRegistry {
  /** `127.0.0.1:PORT`. */
  host: string;
  port: number;
  /** Storage root (`rootdirectory`), for tests that corrupt blobs in place. */
  storage: string;
  /** Everything the registry printed so far (its access log included). */
  log(): string;
  /** Request lines of the access log, e.g. `PUT /v2/repo/blobs/uploads/…`. */
  requests(): string[];
  stop(): Promise<void>;
}

/** Auth modes the test registries run with. */
export type RegistryAuth =
  | { mode: 'none' }
  | { mode: 'htpasswd'; users: Record<string, string> }
  | { mode: 'token'; server: TokenServer };

function yaml(value: unknown, indent = ''): string {
  if (typeof value !== 'object' || value === null) return `${JSON.stringify(value)}\n`;
  let out = '\n';
  for (const [k, v] of Object.entries(value)) {
    out += `${indent}${k}:${typeof v === 'object' && v !== null ? yaml(v, `${indent}  `) : ` ${JSON.stringify(v)}\n`}`;
  }
  return out;
}

/** A server certificate and key (PEM files) for a registry that speaks only TLS. */
export interface RegistryTls {
  certificate: string;
  key: string;
}

/**
 * A CA and a certificate it issued for 127.0.0.1 (subjectAltName IP), made with openssl in `dir`:
 * `ca.pem` is what a client must trust; `cert-dir` holds it as `ca.crt`, as skopeo's --cert-dir wants.
 */
export function makeLoopbackCertificate(dir: string): RegistryTls & { ca: string; certDir: string } {
  const at = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  const p256 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...p256,
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=custody test CA',
  );
  openssl('req', ...p256, '-keyout', at('server.key'), '-out', at('server.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(
    at('server.ext'),
    'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    at('server.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    at('server.ext'),
    '-out',
    at('server.pem'),
  );
  mkdirSync(at('cert-dir'));
  copyFileSync(at('ca.pem'), join(at('cert-dir'), 'ca.crt'));
  return { certificate: at('server.pem'), key: at('server.key'), ca: at('ca.pem'), certDir: at('cert-dir') };
}

/** Starts a registry; stop it in afterAll. With `tls`, it speaks only HTTPS. */
export async function startRegistry(
  auth: RegistryAuth = { mode: 'none' },
  tls?: RegistryTls,
): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'custody-registry-'));
  const storage = join(dir, 'data');
  const config: Record<string, unknown> = {
    version: '0.1',
    log: { level: 'info', accesslog: { disabled: false } },
    storage: { filesystem: { rootdirectory: storage }, delete: { enabled: true } },
    http: {
      addr: '127.0.0.1:0',
      secret: 'custody-test-secret',
      ...(tls !== undefined ? { tls: { certificate: tls.certificate, key: tls.key } } : {}),
    },
  };
  if (auth.mode === 'htpasswd') {
    const lines = Object.entries(auth.users).map(([user, password]) =>
      execFileSync('htpasswd', ['-nbB', user, password], { encoding: 'utf8' }).trim(),
    );
    await writeFile(join(dir, 'htpasswd'), `${lines.join('\n')}\n`);
    config.auth = { htpasswd: { realm: 'custody-test', path: join(dir, 'htpasswd') } };
  } else if (auth.mode === 'token') {
    config.auth = {
      token: {
        realm: auth.server.realm,
        service: auth.server.service,
        issuer: auth.server.issuer,
        rootcertbundle: auth.server.certificatePath,
      },
    };
  }
  await writeFile(join(dir, 'config.yml'), yaml(config).slice(1));
  const child: ChildProcess = spawn('/usr/bin/docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`docker-registry did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`docker-registry exited with ${code}:\n${output}`));
    });
  });
  return {
    host: `127.0.0.1:${port}`,
    port,
    storage,
    log: () => output,
    requests: () =>
      [...output.matchAll(/"(GET|HEAD|PUT|POST|PATCH|DELETE) (\S+) HTTP\/[\d.]+" (\d{3})/g)].map(
        (m) => `${m[1]} ${m[2]} ${m[3]}`,
      ),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A token server for distribution's token auth (docs/spec/auth/token.md), on loopback. */
export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  certificatePath: string;
  /** Token requests seen (scopes asked), for assertions on token reuse. */
  requests: { scope: string[]; user?: string }[];
  stop(): Promise<void>;
}

/**
 * libtrust's key ID (docker/libtrust util.go keyIDFromCryptoKey): SHA-256 of the DER
 * SubjectPublicKeyInfo, first 240 bits, base32 without padding, 12 groups of 4 joined by ':'.
 */
export function libtrustKeyId(publicKeyDer: Buffer): string {
  const hash = createHash('sha256').update(publicKeyDer).digest().subarray(0, 30);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const byte of hash) bits += byte.toString(2).padStart(8, '0');
  let encoded = '';
  for (let i = 0; i < bits.length; i += 5) encoded += alphabet[Number.parseInt(bits.slice(i, i + 5), 2)];
  return (encoded.match(/.{4}/g) ?? []).join(':');
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/**
 * Starts a token server. `grant(user, scope)` returns the actions a user gets on a repository;
 * users and passwords are checked with HTTP basic auth; anonymous requests have user undefined.
 */
export async function startTokenServer(options: {
  users: Record<string, string>;
  grant: (user: string | undefined, repository: string, wanted: string[]) => string[];
}): Promise<TokenServer> {
  const dir = await mkdtemp(join(tmpdir(), 'custody-token-'));
  const keyPath = join(dir, 'key.pem');
  const certificatePath = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certificatePath,
      '-subj',
      '/CN=custody-test-token',
      '-days',
      '2',
    ],
    { stdio: 'ignore' },
  );
  const { readFileSync } = await import('node:fs');
  const key: KeyObject = createPrivateKey(readFileSync(keyPath));
  const { X509Certificate } = await import('node:crypto');
  const certificate = new X509Certificate(readFileSync(certificatePath));
  const kid = libtrustKeyId(certificate.publicKey.export({ type: 'spki', format: 'der' }));
  const service = 'custody-test-registry';
  const issuer = 'custody-test-issuer';
  const requests: TokenServer['requests'] = [];
  const userOf = (request: IncomingMessage): string | undefined | null => {
    const header = request.headers.authorization;
    if (header === undefined) return undefined;
    const [user = '', password] = Buffer.from(header.replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':');
    return options.users[user] !== undefined && options.users[user] === password ? user : null;
  };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const user = userOf(request);
    const scope = url.searchParams.getAll('scope');
    requests.push({ scope, ...(user ? { user } : {}) });
    if (user === null) {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}');
      return;
    }
    const access = scope.flatMap((s) => {
      const [type, name = '', actions = ''] = s.split(':');
      const granted = options.grant(user, name, actions.split(','));
      return type === 'repository' && granted.length > 0 ? [{ type, name, actions: granted }] : [];
    });
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', kid }));
    const claims = b64url(
      JSON.stringify({
        iss: issuer,
        sub: user ?? '',
        aud: service,
        exp: now + 600,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access,
      }),
    );
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' });
    const token = `${header}.${claims}.${b64url(signature)}`;
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ token, expires_in: 600 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certificatePath,
    requests,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** What a stand-in does with one request. */
export type StandInAnswer =
  | 'forward'
  | 'hang'
  | 'drop'
  | { status: number; headers?: Record<string, string>; body?: string };

/** A loopback HTTP server in front of a real registry that can answer some requests itself. */
export interface StandIn {
  host: string;
  /** Requests seen, as `METHOD /path`. */
  seen: string[];
  stop(): Promise<void>;
}

/**
 * Starts a stand-in registry on loopback. It exists for answers the real registry cannot be
 * made to give (403, 429, lasting 5xx, silence, the referrers API distribution 2.8 lacks):
 * `decide` picks an answer per request; 'forward' passes the request to `upstream` unchanged
 * (Host included, so upload Locations the registry builds point back at the stand-in).
 */
export async function startStandIn(
  upstream: TestRegistry | undefined,
  decide: (method: string, path: string, index: number) => StandInAnswer,
): Promise<StandIn> {
  const { request: httpRequest } = await import('node:http');
  const seen: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    const index = seen.length;
    seen.push(`${request.method} ${path}`);
    const answer = decide(request.method ?? 'GET', path, index);
    if (answer === 'hang') return;
    if (answer === 'drop') {
      request.socket.destroy();
      return;
    }
    if (answer !== 'forward') {
      response.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
      response.end(answer.body ?? '');
      return;
    }
    if (upstream === undefined) {
      response.writeHead(502).end();
      return;
    }
    const forwarded = httpRequest(
      { host: '127.0.0.1', port: upstream.port, method: request.method, path, headers: request.headers },
      (answerFromUpstream) => {
        response.writeHead(answerFromUpstream.statusCode ?? 502, answerFromUpstream.headers);
        answerFromUpstream.pipe(response);
      },
    );
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    seen,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A free loopback port with nothing listening (bound, then closed): for "connection refused". */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
