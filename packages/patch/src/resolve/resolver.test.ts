import { describe, expect, it } from 'vitest';
import { type AptInstall, type OracleCase, runAptOracle } from '../__fixtures__/apt-oracle.js';
import { one, pkg, SCENARIOS } from '../__fixtures__/scenarios.js';
import { PackageVersion, parseStanzas } from '../index-model/index.js';
import { pinRulesOf } from './pins.js';
import { CandidatePolicy } from './policy.js';
import { upgradableRequests } from './requests.js';
import { UnsatisfiableError, UpgradeResolver } from './resolver.js';
import { PackageUniverse } from './universe.js';

// Every expectation here is apt's: the same status and Packages paragraphs go to apt-get -s
// (file: repositories, no chroot) and to the resolver, and the plans must be equal.

function custodyPlan(spec: OracleCase): AptInstall[] {
  const universe = new PackageUniverse(spec.nativeArch, spec.foreignArchs ?? []);
  for (const stanza of spec.status) universe.addInstalled(new PackageVersion(stanza));
  for (const suite of spec.suites) {
    const origin = {
      baseUri: 'file:/repo',
      component: 'main',
      release: {
        suite: suite.suite,
        codename: suite.codename ?? suite.suite,
        notAutomatic: suite.notAutomatic === true,
        butAutomaticUpgrades: suite.butAutomaticUpgrades === true,
      },
    };
    for (const stanzas of Object.values(suite.packages)) {
      universe.addIndex(
        origin,
        stanzas.map((s) => new PackageVersion(s)),
      );
    }
  }
  const policy = new CandidatePolicy(
    universe,
    spec.targetRelease,
    pinRulesOf(parseStanzas(spec.preferences ?? '')),
  );
  const held = new Set(
    spec.status.filter((s) => s.Status?.startsWith('hold ')).map((s) => `${s.Package}:${s.Architecture}`),
  );
  const [verb, ...names] = spec.command;
  const requests =
    verb === 'dist-upgrade'
      ? upgradableRequests(universe, policy, held)
      : names.map((name) => ({
          key: name.includes(':') ? name : `${name}:${spec.nativeArch}`,
          reasons: ['requested'],
        }));
  return new UpgradeResolver(universe, policy, held)
    .resolve(requests, { keepBack: verb === 'dist-upgrade' })
    .map((c) => ({
      package: c.entry.version.name,
      arch: c.entry.version.architecture,
      version: c.entry.version.version,
    }))
    .sort((a, b) => `${a.package}:${a.arch}`.localeCompare(`${b.package}:${b.arch}`));
}

describe('upgrade resolver against apt-get -s', () => {
  it.each(SCENARIOS)('%s', async (_name, spec) => {
    const apt = await runAptOracle(spec);
    expect(apt.status, apt.output).toBe(0);
    expect(apt.removals).toEqual([]);
    expect(apt.installs.length).toBeGreaterThan(0);
    expect(custodyPlan(spec)).toEqual(apt.installs);
  });

  it('an unmet Depends is an error naming the package and the relation, where apt fails too', async () => {
    const spec: OracleCase = {
      ...one('stable', [
        pkg('a', '2.0', { Depends: 'libc6 (>= 2.36), absent-lib (>= 3)' }),
        pkg('libc6', '2.36'),
      ]),
      status: [pkg('a', '1.0'), pkg('libc6', '2.36')],
      command: ['install', 'a'],
    };
    const apt = await runAptOracle(spec);
    expect(apt.status).toBe(100);
    expect(apt.output).toMatch(/a : Depends: absent-lib \(>= 3\) but it is not installable/);
    const error = (() => {
      try {
        custodyPlan(spec);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UnsatisfiableError);
    expect(error).toMatchObject({
      packageName: 'a',
      version: '2.0',
      field: 'Depends',
      relation: 'absent-lib (>= 3)',
    });
  });

  it('a Breaks no candidate avoids is an error', async () => {
    const spec: OracleCase = {
      ...one('stable', [pkg('a', '2.0', { Breaks: 'b (<< 3.0)' }), pkg('b', '2.0')]),
      status: [pkg('a', '1.0'), pkg('b', '1.0', { Essential: 'yes' })],
      command: ['install', 'a'],
    };
    const apt = await runAptOracle(spec);
    expect(apt.status, apt.output).not.toBe(0);
    expect(() => custodyPlan(spec)).toThrow(/Breaks: b \(<< 3\.0\)/);
  });
});
