// Upgrade plan for a debootstrap-sized rootfs (88 packages) against a Packages index at the size of
// bookworm main (63,440 paragraphs): `apt-get -s dist-upgrade` with its lists updated and its cache
// built, against `custody patch plan --update all` with its index cache warm. Both read the same
// signed repository as a local `file:` mirror (apt's file method; no server process in the timings);
// the bench also checks that both plans are the same.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { referenceDataRoot } from '../test/helpers/reference-root.mjs';
import { measure } from './lib/measure.mjs';

const exec = promisify(execFile);
const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const custodyBin = join(repoRoot, 'packages/cli/bundle/bin.mjs');
const RUNS = 5;

export const title = 'patch plan: 88 installed packages against a 63,440-paragraph Packages index';
export let notes = '';

// Names a Debian 12 `debootstrap --variant=minbase` rootfs holds (88 of them).
const MINBASE =
  `adduser apt base-files base-passwd bash bsdutils coreutils dash debconf debian-archive-keyring
debianutils diffutils dpkg e2fsprogs findutils gcc-12-base gpgv grep gzip hostname init-system-helpers
libacl1 libapt-pkg6.0 libattr1 libaudit-common libaudit1 libblkid1 libbz2-1.0 libc-bin libc6
libcap-ng0 libcap2 libcom-err2 libcrypt1 libdb5.3 libdebconfclient0 libext2fs2 libffi8 libgcc-s1
libgcrypt20 libgmp10 libgnutls30 libgpg-error0 libhogweed6 libidn2-0 liblz4-1 liblzma5 libmd0
libmount1 libnettle8 libp11-kit0 libpam-modules libpam-modules-bin libpam-runtime libpam0g
libpcre2-8-0 libseccomp2 libselinux1 libsemanage-common libsemanage2 libsepol2 libsmartcols1
libss2 libstdc++6 libsystemd0 libtasn1-6 libtinfo6 libudev1 libunistring2 libuuid1 libxxhash0
libzstd1 login logsave mawk mount ncurses-base ncurses-bin passwd perl-base sed sysvinit-utils tar
tzdata usr-is-merged util-linux util-linux-extra zlib1g`
    .split(/\s+/)
    .filter(Boolean);
const ESSENTIAL = new Set(
  'base-files base-passwd bash bsdutils coreutils dash debianutils diffutils dpkg findutils grep gzip hostname init-system-helpers libc-bin login ncurses-base ncurses-bin perl-base sed sysvinit-utils tar util-linux'.split(
    ' ',
  ),
);

/** A small deterministic PRNG (mulberry32), so every run builds the same data. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function referenceVersions() {
  const file = join(referenceDataRoot(), 'patch/debian/bookworm-main-versions.txt.xz');
  if (!existsSync(file)) throw new Error(`reference data missing: ${file}`);
  return execFileSync('xz', ['-dc', file], { maxBuffer: 64 << 20 })
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' '));
}

/** Builds the index paragraphs, the status paragraphs and the plan both tools should find. */
function generate() {
  const rand = random(20261125);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const hex = (n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  const pairs = referenceVersions();
  const versionOf = new Map(pairs);
  const installedNames = MINBASE.filter((n) => versionOf.has(n));
  const installedSet = new Set(installedNames);
  const libs = pairs.map(([n]) => n).filter((n) => n.startsWith('lib') && !installedSet.has(n));
  const leafLibs = libs.slice(0, 2000); // dependency targets outside the rootfs: no further depends
  const leafSet = new Set(leafLibs);
  const upgraded = new Set(installedNames.filter(() => rand() < 0.3));
  const newDeps = new Map([...upgraded].slice(0, 4).map((n) => [n, pick(leafLibs)]));
  const index = [];
  const status = [];
  for (const [name, version] of pairs) {
    const inRootfs = installedSet.has(name);
    const arch = /-(doc|data|common)$/.test(name) || name.startsWith('fonts-') ? 'all' : 'amd64';
    const depends = [];
    const pool = inRootfs ? installedNames : leafSet.has(name) ? [] : leafLibs;
    for (let i = Math.floor(rand() * (pool.length > 0 ? 5 : 0)); i > 0; i--) {
      const target = pick(pool);
      if (target === name || depends.some((d) => d.startsWith(`${target} `) || d === target)) continue;
      depends.push(rand() < 0.5 ? `${target} (>= ${versionOf.get(target)}~)` : target);
    }
    const fields = {
      Package: name,
      ...(rand() < 0.4 ? { Source: name.replace(/^lib/, '').replace(/\d.*$/, '') || name } : {}),
      Version: version,
      'Installed-Size': String(Math.floor(rand() * 20000) + 10),
      Maintainer: 'Debian Bench Team <bench@lists.debian.invalid>',
      Architecture: arch,
      ...(name.startsWith('lib') && arch !== 'all' ? { 'Multi-Arch': 'same' } : {}),
      ...(ESSENTIAL.has(name) ? { Essential: 'yes' } : {}),
      ...(name === 'libc6' ? {} : depends.length > 0 ? { Depends: depends.join(', ') } : {}),
      ...(rand() < 0.05 ? { Provides: `${name}-virtual` } : {}),
      ...(rand() < 0.03 && !inRootfs
        ? { Breaks: `${pick(leafLibs)} (<< 0.1)`, Replaces: `${name}-old` }
        : {}),
      Description: `generated package ${name} of the custody patch benchmark`,
      Homepage: `https://example.invalid/${name}`,
      'Description-md5': hex(32),
      Tag: 'role::program, implemented-in::c',
      Section: name.startsWith('lib') ? 'libs' : 'utils',
      Priority: inRootfs ? 'required' : 'optional',
      Filename: `pool/main/${name.startsWith('lib') ? name.slice(0, 4) : name[0]}/${name}/${name}_${version.replace(/^\d+:/, '')}_${arch}.deb`,
      Size: String(Math.floor(rand() * 2_000_000) + 1000),
      MD5sum: hex(32),
      SHA256: hex(64),
    };
    if (inRootfs && newDeps.has(name))
      fields.Depends = [fields.Depends, newDeps.get(name)].filter(Boolean).join(', ');
    index.push(fields);
    if (inRootfs) {
      const installed = { ...fields, Status: 'install ok installed' };
      if (upgraded.has(name)) installed.Version = `${version}~bench1`;
      // The installed paragraph equals the index's (apt treats a differing one as another build of
      // the same version and reinstalls it), less the new dependency of an upgraded version.
      if (newDeps.has(name)) installed.Depends = depends.join(', ') || undefined;
      for (const key of ['Filename', 'Size', 'MD5sum', 'SHA256', 'Description-md5', 'Tag'])
        delete installed[key];
      status.push(installed);
    }
  }
  return { index, status, installed: installedNames.length };
}

const deb822 = (stanzas) =>
  stanzas
    .map((s) =>
      Object.entries(s)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}: ${v}\n`)
        .join(''),
    )
    .join('\n');

async function buildRepository(dir, index) {
  const gnupg = join(dir, 'gnupg');
  await mkdir(gnupg, { mode: 0o700 });
  const gpg = (args, input) =>
    execFileSync(
      'gpg',
      ['--homedir', gnupg, '--batch', '--quiet', '--pinentry-mode', 'loopback', '--passphrase', '', ...args],
      { input },
    );
  gpg(['--quick-gen-key', 'custody bench <bench@example.invalid>', 'ed25519', 'sign', 'never']);
  const keyring = join(dir, 'bench-archive-keyring.gpg');
  await writeFile(keyring, gpg(['--export']));
  const repo = join(dir, 'repo');
  const binary = join(repo, 'dists/bookworm/main/binary-amd64');
  await mkdir(binary, { recursive: true });
  await writeFile(join(binary, 'Packages'), deb822(index));
  execFileSync('gzip', ['-1', '-k', join(binary, 'Packages')]);
  const release = execFileSync(
    'apt-ftparchive',
    [
      ...[
        'Origin=Debian',
        'Label=Debian',
        'Suite=stable',
        'Codename=bookworm',
        'Architectures=amd64',
        'Components=main',
      ].flatMap((o) => ['-o', `APT::FTPArchive::Release::${o}`]),
      'release',
      join(repo, 'dists/bookworm'),
    ],
    { maxBuffer: 16 << 20 },
  );
  await writeFile(join(repo, 'dists/bookworm/Release'), release);
  await writeFile(
    join(repo, 'dists/bookworm/InRelease'),
    gpg(['--clearsign', '--digest-algo', 'SHA256', '-o', '-'], release),
  );
  execFileSync('gpgconf', ['--homedir', gnupg, '--kill', 'all']);
  return { repo, keyring };
}

async function buildRootfs(dir, status, url, keyring) {
  const rootfs = join(dir, 'rootfs');
  await mkdir(join(rootfs, 'var/lib/dpkg'), { recursive: true });
  await mkdir(join(rootfs, 'etc/apt/keyrings'), { recursive: true });
  await writeFile(join(rootfs, 'var/lib/dpkg/status'), deb822(status));
  await writeFile(join(rootfs, 'etc/apt/keyrings/bench.gpg'), execFileSync('cat', [keyring]));
  await writeFile(
    join(rootfs, 'etc/apt/sources.list'),
    `deb [signed-by=/etc/apt/keyrings/bench.gpg] ${url} bookworm main\n`,
  );
  await writeFile(join(rootfs, 'etc/os-release'), 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n');
  return rootfs;
}

/** apt pointed at the rootfs's status and a private state directory (see packages/patch/README.md). */
async function aptEnvironment(dir, rootfs, url, keyring) {
  const state = join(dir, 'apt');
  for (const sub of ['lists/partial', 'cache/archives/partial', 'log', 'state', 'empty'])
    await mkdir(join(state, sub), { recursive: true });
  await writeFile(join(state, 'sources.list'), `deb [signed-by=${keyring}] ${url} bookworm main\n`);
  const conf = [
    `Dir::State "${state}/state";`,
    `Dir::State::lists "${state}/lists";`,
    `Dir::State::status "${rootfs}/var/lib/dpkg/status";`,
    `Dir::Cache "${state}/cache";`,
    `Dir::Log "${state}/log";`,
    `Dir::Etc::sourcelist "${state}/sources.list";`,
    `Dir::Etc::sourceparts "${state}/empty";`,
    `Dir::Etc::parts "${state}/empty";`,
    `Dir::Etc::preferencesparts "${state}/empty";`,
    `Dir::Etc::trustedparts "${state}/empty";`,
    'Debug::NoLocking "true";',
    'APT::Architecture "amd64";',
    'APT::Architectures { "amd64"; };',
    'APT::Install-Recommends "false";',
    'Acquire::Languages "none";',
    'APT::Sandbox::User "root";',
  ];
  await writeFile(join(state, 'apt.conf'), `${conf.join('\n')}\n`);
  return { ...process.env, APT_CONFIG: join(state, 'apt.conf'), LC_ALL: 'C' };
}

/** Medians of wall time and peak memory, taken separately. */
function median(runs) {
  const middle = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { wallMs: middle(runs.map((r) => r.wallMs)), peakMiB: middle(runs.map((r) => r.peakMiB)) };
}

function aptPlan(output) {
  return output
    .split('\n')
    .map((l) => /^Inst (\S+) (?:\[\S+\] )?\((\S+) /.exec(l))
    .filter(Boolean)
    .map((m) => `${m[1].split(':')[0]} ${m[2]}`)
    .sort();
}

export async function run() {
  const dir = await mkdtemp(join(tmpdir(), 'custody-bench-patch-'));
  try {
    const { index, status, installed } = generate();
    const { repo, keyring } = await buildRepository(dir, index);
    const url = `file:${repo}`;
    const rootfs = await buildRootfs(dir, status, url, keyring);
    const env = await aptEnvironment(dir, rootfs, url, keyring);
    await exec('apt-get', ['update', '-q', '--error-on=any'], { env });
    const aptOnce = await measure('apt-get', ['-s', '-q', 'dist-upgrade'], { env, keepStdout: true });
    const cacheDir = join(dir, 'custody-cache');
    const custodyArgs = [
      custodyBin,
      'patch',
      'plan',
      rootfs,
      '--update',
      'all',
      '--format',
      'json',
      '--cache-dir',
      cacheDir,
    ];
    const cold = await measure(process.execPath, custodyArgs, { keepStdout: true });
    if (cold.status !== 0) throw new Error(`custody patch plan failed: ${cold.stderr.trim()}`);
    // apt and custody alternate, run by run, so that both see the same machine load.
    const aptRuns = [];
    const warmRuns = [];
    for (let i = 0; i < RUNS; i++) {
      aptRuns.push(await measure('apt-get', ['-s', '-q', 'dist-upgrade'], { env }));
      warmRuns.push(await measure(process.execPath, custodyArgs));
    }
    const apt = median(aptRuns);
    const warm = median(warmRuns);
    const custodyPlan = JSON.parse(cold.stdout.toString('utf8'))
      .entries.map((e) => `${e.package} ${e.to}`)
      .sort();
    const same = JSON.stringify(custodyPlan) === JSON.stringify(aptPlan(aptOnce.stdout.toString('utf8')));
    notes =
      `${index.length} paragraphs, ${installed} installed packages, plan of ${custodyPlan.length} packages; ` +
      `plans equal: ${same ? 'yes' : 'NO'}; median of ${RUNS} runs, apt and custody alternating, whole process (GNU time). ` +
      'custody reads and verifies InRelease on every run; apt reads its lists as apt-get update left them. ' +
      `Load average when the timings ended: ${loadavg()[0].toFixed(1)} (times grow with it, for both tools alike).`;
    return [
      {
        tool: 'apt-get -s dist-upgrade (lists updated, cache built)',
        'wall ms': apt.wallMs.toFixed(0),
        'peak MiB': apt.peakMiB.toFixed(0),
      },
      {
        tool: 'custody patch plan (cold: fetch, verify, parse, cache)',
        'wall ms': cold.wallMs.toFixed(0),
        'peak MiB': cold.peakMiB.toFixed(0),
      },
      {
        tool: 'custody patch plan (index cache warm)',
        'wall ms': warm.wallMs.toFixed(0),
        'peak MiB': warm.peakMiB.toFixed(0),
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
