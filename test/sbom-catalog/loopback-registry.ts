import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * A tiny npm registry on 127.0.0.1 serving packuments and tarballs of the fixture packages.
 * It exists because tests have no network: with it, every package manager writes lockfiles with
 * real registry entries (`resolved` tarball URLs, `integrity`) instead of only `file:` ones. It
 * implements only the two read endpoints installs use (GET packument, GET tarball); the packages
 * themselves are packed by the real `npm pack`.
 */
export interface LoopbackRegistry {
  url: string;
  /** Tarballs by `name@version`, with the SRI integrity and sha1 this registry announces. */
  tarballs: Map<
    string,
    { file: string; integrity: string; shasum: string; manifest: Record<string, unknown> }
  >;
  close(): Promise<void>;
}

/** A packed fixture: the tarball and the package.json it was packed from. */
export interface PackedPackage {
  file: string;
  manifest: Record<string, unknown>;
}

/** Packs every fixture package folder with the real npm (one `npm pack` run) into `outDir`. */
export function packFixtures(packagesDir: string, outDir: string, npm: string[]): PackedPackage[] {
  mkdirSync(outDir, { recursive: true });
  const folders = readdirSync(packagesDir)
    .sort()
    .map((name) => join(packagesDir, name));
  const out = execFileSync(
    npm[0] as string,
    [...npm.slice(1), 'pack', ...folders, '--pack-destination', outDir, '--json', '--offline'],
    {
      cwd: outDir,
      encoding: 'utf8',
      env: { ...process.env, npm_config_cache: join(outDir, '.npm-cache'), npm_config_loglevel: 'error' },
    },
  );
  const results = JSON.parse(out) as { filename: string }[];
  return results.map((result, index) => ({
    // npm 11 reports a scoped package's file as `@scope/name-1.0.0.tgz` but writes `scope-name-1.0.0.tgz`.
    file: join(outDir, result.filename.replace(/^@/, '').replace(/\//g, '-')),
    manifest: JSON.parse(readFileSync(join(folders[index] as string, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >,
  }));
}

/** Starts the registry over packed tarballs (each holding `package/package.json`). */
export async function startLoopbackRegistry(tarballs: PackedPackage[]): Promise<LoopbackRegistry> {
  const byName = new Map<
    string,
    { version: string; file: string; integrity: string; shasum: string; manifest: Record<string, unknown> }[]
  >();
  const registry: LoopbackRegistry = { url: '', tarballs: new Map(), close: async () => {} };
  for (const { file, manifest } of tarballs) {
    const bytes = readFileSync(file);
    const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
    const shasum = createHash('sha1').update(bytes).digest('hex');
    const name = manifest.name as string;
    const version = manifest.version as string;
    const list = byName.get(name) ?? [];
    list.push({ version, file, integrity, shasum, manifest });
    byName.set(name, list);
    registry.tarballs.set(`${name}@${version}`, { file, integrity, shasum, manifest });
  }
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/').slice(1);
    const tarball = /^(.+)\/-\/[^/]+-(\d+\.\d+\.\d+)\.tgz$/.exec(path);
    if (tarball !== null) {
      const entry = byName.get(tarball[1] as string)?.find((v) => v.version === tarball[2]);
      if (entry === undefined) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(entry.file));
      return;
    }
    const versions = byName.get(path);
    if (versions === undefined) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const packument = {
      name: path,
      'dist-tags': {
        latest: versions
          .map((v) => v.version)
          .sort()
          .at(-1),
      },
      versions: Object.fromEntries(
        versions.map((v) => [
          v.version,
          {
            ...v.manifest,
            _id: `${path}@${v.version}`,
            dist: {
              tarball: `${registry.url}${path}/-/${path.replace(/^@[^/]+\//, '')}-${v.version}.tgz`,
              integrity: v.integrity,
              shasum: v.shasum,
            },
          },
        ]),
      ),
    };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  registry.close = () => new Promise((resolve) => server.close(() => resolve()));
  return registry;
}
