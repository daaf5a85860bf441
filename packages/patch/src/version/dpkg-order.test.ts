// dpkg's version order, checked against Debian's own implementations over real versions: every
// pair's expected sign comes from python3-apt's apt_pkg.version_compare (the same order as dpkg),
// and a spot check from `dpkg --compare-versions` itself. Pairs are drawn with a fixed seed from the
// 63,440 Package/Version lines of bookworm main (reference data patch/debian/).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { compareDebianVersions } from '@custody/core';
import { beforeAll, expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';

const run = promisify(execFile);
const VERSIONS = 'patch/debian/bookworm-main-versions.txt.xz';

/** mulberry32: a small seeded generator, so the same pairs are drawn on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Half the pairs are any two versions of the archive; half are versions of neighbouring packages
 * in the (sorted) list, which share prefixes and differ in `~`, `+`, epochs and revisions, where
 * orders go wrong.
 */
function drawPairs(versions: string[], count: number, seed: number): [string, string][] {
  const random = seeded(seed);
  const pick = () => Math.floor(random() * versions.length);
  const pairs: [string, string][] = [];
  while (pairs.length < count) {
    const i = pick();
    const j =
      pairs.length % 2 === 0 ? pick() : Math.min(versions.length - 1, i + 1 + Math.floor(random() * 8));
    pairs.push([versions[i]!, versions[j]!]);
  }
  return pairs;
}

// apt_pkg lives in Debian's system python (python3-apt); other pythons on PATH may lack it.
const APT_PKG_COMPARE = `
import sys, apt_pkg
apt_pkg.init_system()
out = []
for line in sys.stdin:
    a, b = line.rstrip("\\n").split("\\t")
    c = apt_pkg.version_compare(a, b)
    out.append("1" if c > 0 else "-1" if c < 0 else "0")
sys.stdout.write("\\n".join(out))
`;

async function aptPkgSigns(pairs: [string, string][]): Promise<number[]> {
  const child = execFile('/usr/bin/python3', ['-c', APT_PKG_COMPARE], { maxBuffer: 64 << 20 });
  const output = new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (d: Buffer) => {
      text += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`python3-apt exited ${code}`)),
    );
  });
  child.stdin?.end(pairs.map(([a, b]) => `${a}\t${b}\n`).join(''));
  return (await output).split('\n').map(Number);
}

describeWithReference('dpkg version order against apt_pkg and dpkg', [VERSIONS], () => {
  let versions: string[] = [];

  beforeAll(async () => {
    const { stdout } = await run('xz', ['-dc', requireReferenceData(VERSIONS)], { maxBuffer: 64 << 20 });
    versions = stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((line) => line.split(' ')[1]!);
  });

  it('reads the 63,440 bookworm main Package/Version lines', () => {
    expect(versions).toHaveLength(63_440);
  });

  it('orders 20,000 seeded pairs of real versions as apt_pkg.version_compare does', async () => {
    const pairs = drawPairs(versions, 20_000, 0x5eed);
    const expected = await aptPkgSigns(pairs);
    expect(expected).toHaveLength(pairs.length);
    const mismatches = pairs
      .map(([a, b], i) => ({ a, b, apt: expected[i], custody: Math.sign(compareDebianVersions(a, b)) }))
      .filter((m) => m.apt !== m.custody);
    const equal = expected.filter((s) => s === 0).length;
    process.stdout.write(
      `dpkg order: checked ${pairs.length} pairs against apt_pkg.version_compare (${equal} equal), ${mismatches.length} mismatches\n`,
    );
    expect(mismatches).toEqual([]);
    // The draw must exercise both directions, not only equal versions.
    expect(expected.filter((s) => s < 0).length).toBeGreaterThan(1_000);
    expect(expected.filter((s) => s > 0).length).toBeGreaterThan(1_000);
  });

  it('agrees with dpkg --compare-versions on 50 pairs', async () => {
    const pairs = drawPairs(versions, 50, 0xd9c6);
    let checked = 0;
    for (const [a, b] of pairs) {
      const custody = Math.sign(compareDebianVersions(a, b));
      const op = custody < 0 ? 'lt' : custody > 0 ? 'gt' : 'eq';
      // dpkg exits 0 when the relation holds.
      await expect(run('dpkg', ['--compare-versions', a, op, b]), `${a} ${op} ${b}`).resolves.toBeDefined();
      checked++;
    }
    process.stdout.write(`dpkg order: spot-checked ${checked} pairs with dpkg --compare-versions\n`);
    expect(checked).toBe(50);
  });
});
