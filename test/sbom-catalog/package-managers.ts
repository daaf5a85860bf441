import { execFile } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from '#test-helpers';

const run = promisify(execFile);
const modules = join(repositoryRoot, 'node_modules');

/**
 * The bun binary from its npm package: the platform package pnpm installed for this machine
 * (`@oven/bun-linux-x64`, `@oven/bun-darwin-aarch64`, …; bun names arm64 `aarch64`).
 */
function bunBinary(): string {
  const store = join(modules, '.pnpm');
  const arch = process.arch === 'arm64' ? 'aarch64' : process.arch;
  const name = `bun-${process.platform}-${arch}`;
  const folder = readdirSync(store).find((entry) => entry.startsWith(`@oven+${name}@`));
  if (folder === undefined) throw new Error(`@oven/${name} is not installed under node_modules/.pnpm`);
  return join(store, folder, 'node_modules/@oven', name, 'bin/bun');
}

/** One package manager at the version that writes one lockfile format. */
export interface PackageManager {
  /** Label used in test names. */
  name: string;
  lockfile: string;
  /** The format it writes, as the issue names it. */
  format: string;
  /** npm 6 predates workspaces. */
  workspaces: boolean;
  /** Installs the project in `dir` from the registry at `registry`. */
  install(dir: string, registry: string, env: NodeJS.ProcessEnv): Promise<void>;
  /** The manager's own listing of the installed project (its stdout). */
  list(dir: string, env: NodeJS.ProcessEnv): Promise<string>;
}

const node = process.execPath;

/**
 * The system npm (11, lockfile v3). Under vitest, PATH starts with node_modules/.bin, whose `npm`
 * is the workspace's npm 8, so PATH entries inside node_modules are skipped.
 */
export function systemNpm(): string {
  for (const folder of (process.env.PATH ?? '').split(':')) {
    if (folder === '' || folder.includes('node_modules')) continue;
    if (existsSync(join(folder, 'npm'))) return join(folder, 'npm');
  }
  throw new Error('no npm on PATH outside node_modules');
}

async function exec(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
    );
  }
}

/** An npm; `command` is how to run it (`[node, npm-cli.js]`, or the system `npm`). */
function npmManager(
  name: string,
  command: () => string[],
  format: string,
  workspaces: boolean,
  lsArgs: string[],
): PackageManager {
  const npm = (args: string[], dir: string, env: NodeJS.ProcessEnv): Promise<string> => {
    const [bin, ...prefix] = command();
    return exec(bin as string, [...prefix, ...args], dir, env);
  };
  return {
    name,
    lockfile: 'package-lock.json',
    format,
    workspaces,
    install: async (dir, registry, env) => {
      const cache = join(dir, '..', `${name}-cache`);
      await npm(['install', '--registry', registry, '--cache', cache, '--no-audit', '--no-fund'], dir, env);
    },
    list: (dir, env) => npm(['ls', '--json', ...lsArgs], dir, env),
  };
}

function pnpmManager(name: string, cli: string, format: string): PackageManager {
  return {
    name,
    lockfile: 'pnpm-lock.yaml',
    format,
    workspaces: true,
    install: async (dir, registry, env) => {
      writeFileSync(join(dir, 'pnpm-workspace.yaml'), "packages:\n  - 'packages/*'\n");
      await exec(
        node,
        [cli, 'install', '--registry', registry, '--store-dir', join(dir, '..', `${name}-store`)],
        dir,
        env,
      );
    },
    list: (dir, env) => exec(node, [cli, 'list', '--recursive', '--depth', 'Infinity', '--json'], dir, env),
  };
}

/** The managers, each at the version that writes one format (acceptance 2 of issue 2). */
export const packageManagers: PackageManager[] = [
  npmManager('npm6', () => [node, join(modules, 'npm6/bin/npm-cli.js')], 'package-lock.json v1', false, [
    '--package-lock-only',
  ]),
  npmManager('npm8', () => [node, join(modules, 'npm8/bin/npm-cli.js')], 'package-lock.json v2', true, [
    '--all',
    '--package-lock-only',
    '--offline',
  ]),
  // The system npm (11).
  npmManager('npm', () => [systemNpm()], 'package-lock.json v3', true, [
    '--all',
    '--package-lock-only',
    '--offline',
  ]),
  pnpmManager('pnpm8', join(modules, 'pnpm8/bin/pnpm.cjs'), 'pnpm-lock.yaml v6'),
  pnpmManager('pnpm9', join(modules, 'pnpm9/bin/pnpm.cjs'), 'pnpm-lock.yaml v9'),
  {
    name: 'yarn1',
    lockfile: 'yarn.lock',
    format: 'yarn.lock v1',
    workspaces: true,
    install: async (dir, registry, env) => {
      const cli = join(modules, 'yarn1/bin/yarn.js');
      const cache = join(dir, '..', 'yarn1-cache');
      await exec(
        node,
        [
          cli,
          'install',
          '--registry',
          registry,
          '--cache-folder',
          cache,
          '--non-interactive',
          '--no-progress',
        ],
        dir,
        env,
      );
    },
    list: (dir, env) =>
      exec(node, [join(modules, 'yarn1/bin/yarn.js'), 'list', '--json', '--non-interactive'], dir, env),
  },
  {
    name: 'yarn-berry',
    lockfile: 'yarn.lock',
    format: 'yarn.lock Berry',
    workspaces: true,
    install: async (dir, registry, env) => {
      // A project-local configuration: the loopback registry over plain HTTP, a cache inside the
      // temp folder, no telemetry, and no quarantine of packages published "just now" (yarn 4.18
      // refuses versions younger than its minimal age by default).
      writeFileSync(
        join(dir, '.yarnrc.yml'),
        [
          `npmRegistryServer: "${registry.replace(/\/$/, '')}"`,
          'unsafeHttpWhitelist:',
          '  - "127.0.0.1"',
          'enableGlobalCache: false',
          `cacheFolder: "${join(dir, '..', 'berry-cache')}"`,
          'enableTelemetry: false',
          'nodeLinker: node-modules',
          'npmMinimalAgeGate: 0',
          '',
        ].join('\n'),
      );
      await exec(node, [join(modules, '@yarnpkg/cli-dist/bin/yarn.js'), 'install'], dir, {
        ...env,
        YARN_IGNORE_PATH: '1',
      });
    },
    list: (dir, env) =>
      exec(
        node,
        [join(modules, '@yarnpkg/cli-dist/bin/yarn.js'), 'info', '--all', '--recursive', '--json'],
        dir,
        {
          ...env,
          YARN_IGNORE_PATH: '1',
        },
      ),
  },
  {
    name: 'bun',
    lockfile: 'bun.lock',
    format: 'bun.lock (text)',
    workspaces: true,
    install: async (dir, registry, env) => {
      writeFileSync(
        join(dir, 'bunfig.toml'),
        `[install]\nregistry = "${registry}"\ncache = "${join(dir, '..', 'bun-cache')}"\n`,
      );
      await exec(bunBinary(), ['install', '--no-progress'], dir, env);
    },
    list: (dir, env) => exec(bunBinary(), ['pm', 'ls', '--all'], dir, env),
  },
];

/**
 * Copies the fixture project (fixtures/sbom/projects/app) to `dir` with the `file:` tarball it
 * needs in vendor/; without workspaces for npm 6.
 */
export function makeProject(dir: string, thetaTarball: string, workspaces: boolean): void {
  cpSync(join(repositoryRoot, 'fixtures/sbom/projects/app'), dir, { recursive: true });
  mkdirSync(join(dir, 'vendor'), { recursive: true });
  copyFileSync(thetaTarball, join(dir, 'vendor/theta-1.0.0.tgz'));
  if (!workspaces) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    delete manifest.workspaces;
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  }
}

/** An edge as the package manager shows it: `parent@version -> child@version`. */
export type OracleEdge = string;

/** What a package manager's own listing says: installed `name@version`s and parent-child edges. */
export interface Oracle {
  packages: Set<string>;
  edges: Set<OracleEdge>;
}

interface NpmLsNode {
  version?: string;
  dependencies?: Record<string, NpmLsNode>;
}

/** `npm ls --json` (npm 6 to 11): a tree keyed by the installed name. */
export function npmOracle(stdout: string, rootLabel: string): Oracle {
  const oracle: Oracle = { packages: new Set(), edges: new Set() };
  const walk = (parent: string, node: NpmLsNode): void => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (child.version === undefined) continue;
      const label = `${name}@${child.version}`;
      oracle.packages.add(label);
      oracle.edges.add(`${parent} -> ${label}`);
      walk(label, child);
    }
  };
  walk(rootLabel, JSON.parse(stdout) as NpmLsNode);
  return oracle;
}

interface PnpmListNode {
  from?: string;
  version: string;
  dependencies?: Record<string, PnpmListNode>;
  devDependencies?: Record<string, PnpmListNode>;
  optionalDependencies?: Record<string, PnpmListNode>;
}

/** `pnpm list -r --depth Infinity --json`: one tree per importer; `from` is the real name. */
export function pnpmOracle(stdout: string): Oracle {
  const oracle: Oracle = { packages: new Set(), edges: new Set() };
  const importers = JSON.parse(stdout) as (PnpmListNode & { name: string; path: string })[];
  const walk = (parent: string, node: PnpmListNode): void => {
    for (const section of [node.dependencies, node.devDependencies, node.optionalDependencies]) {
      for (const [key, child] of Object.entries(section ?? {})) {
        // A workspace member is listed as `link:packages/member`; it has its own importer entry.
        if (child.version.startsWith('link:')) continue;
        // `file:` tarballs are listed by their spec; the fixture's only one, theta, is 1.0.0.
        const version = child.version.startsWith('file:') ? '1.0.0' : child.version;
        const label = `${key}@${version}`;
        oracle.packages.add(label);
        oracle.edges.add(`${parent} -> ${label}`);
        walk(label, child);
      }
    }
  };
  for (const importer of importers) {
    const member = importer.path.endsWith('/packages/member');
    const label = member ? `${importer.name}@${importer.version}` : 'ROOT';
    if (member) oracle.packages.add(label);
    walk(label, importer);
  }
  return oracle;
}

interface YarnTree {
  name: string;
  shadow?: boolean;
  children?: YarnTree[];
}

/** `yarn list --json` (v1): the hoisted tree; `shadow` entries are ranges, not packages. */
export function yarnV1Oracle(stdout: string): Oracle {
  const oracle: Oracle = { packages: new Set(), edges: new Set() };
  const line = stdout.split('\n').find((l) => l.includes('"type":"tree"'));
  const trees = (JSON.parse(line ?? '{}') as { data?: { trees?: YarnTree[] } }).data?.trees ?? [];
  const walk = (tree: YarnTree): void => {
    if (tree.shadow) return;
    oracle.packages.add(tree.name);
    for (const child of tree.children ?? []) walk(child);
  };
  for (const tree of trees) walk(tree);
  return oracle;
}

/** `yarn info --all --recursive --json` (Berry): one line per locator with its resolved dependencies. */
export function berryOracle(stdout: string, workspaceVersions: Record<string, string>): Oracle {
  const oracle: Oracle = { packages: new Set(), edges: new Set() };
  const labelOf = (locator: string): string => {
    const at = locator.indexOf('@', 1);
    const name = locator.slice(0, at);
    // A package with peers is listed through a virtual locator, `virtual:<hash>#npm:1.0.0`.
    const reference = locator.slice(at + 1).replace(/^virtual:[^#]*#/, '');
    if (reference.startsWith('workspace:')) return `${name}@${workspaceVersions[name] ?? ''}`;
    return `${name}@${reference.replace(/^npm:/, '')}`;
  };
  const lines = stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(
      (l) =>
        JSON.parse(l) as {
          value: string;
          children: { Version?: string; Dependencies?: { locator: string }[] };
        },
    );
  const versions = new Map(lines.map((l) => [l.value, l.children.Version ?? '']));
  const label = (locator: string): string =>
    /@(?:virtual:[^#]*#)?(?:npm|workspace):/.test(locator)
      ? labelOf(locator)
      : `${locator.slice(0, locator.indexOf('@', 1))}@${versions.get(locator)}`;
  for (const line of lines) {
    if (line.value.endsWith('@workspace:.')) continue;
    oracle.packages.add(label(line.value));
  }
  for (const line of lines)
    for (const dependency of line.children.Dependencies ?? [])
      oracle.edges.add(
        `${line.value.endsWith('@workspace:.') ? 'ROOT' : label(line.value)} -> ${label(dependency.locator)}`,
      );
  return oracle;
}

/** `bun pm ls --all`: a text tree of `name@version` (tarballs show their path instead). */
export function bunOracle(stdout: string): Oracle {
  const oracle: Oracle = { packages: new Set(), edges: new Set() };
  for (const line of stdout.split('\n')) {
    const match = /(?:├──|└──)\s+(\S+)$/.exec(line);
    if (match?.[1] !== undefined) oracle.packages.add(match[1]);
  }
  return oracle;
}
