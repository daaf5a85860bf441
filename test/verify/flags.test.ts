import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, describeWithReference, requireReferenceData } from '#test-helpers';
import { failedCodes, jsonReport, runOffline } from './support.js';

// Values below are read from the fixtures with other tools, not from custody: the conformance
// certificate's Fulcio extensions with `openssl x509 -text`, the npm predicates by base64-decoding
// the DSSE payloads.
const BEACON =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const BEACON_CLAIMS = {
  repository: 'sigstore-conformance/extremely-dangerous-public-oidc-beacon',
  ref: 'refs/heads/main',
  sha: 'c7b3dfb335f051e1c86bda4c716fac97df62ad81',
  trigger: 'workflow_dispatch',
  workflow: 'Extremely dangerous OIDC beacon',
};

/** Asserts a failed check: exit 1 and the failing check's code in the JSON report. */
function expectCheckFailure(result: CliResult, code: string): void {
  expect(result.status, result.stderr).toBe(1);
  expect(failedCodes(jsonReport(result))[0]).toBe(code);
}

describeWithReference(
  'custody verify blob: every flag passes and fails',
  [
    'sigstore/conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json',
    'sigstore/trusted-root/public-good/trusted_root.json',
  ],
  () => {
    // Resolved in setup, not while collecting: a skipped suite's body is still collected.
    let cases: string;
    let root: string;
    const blob = (extra: string[], bundle = 'happy-path-v0.3'): Promise<CliResult> =>
      runOffline([
        'verify',
        'blob',
        join(cases, 'a.txt'),
        '--bundle',
        join(cases, bundle, 'bundle.sigstore.json'),
        '--trusted-root',
        root,
        '--format',
        'json',
        ...extra,
      ]);
    const exact = ['--certificate-identity', BEACON, '--certificate-oidc-issuer', GITHUB_ISSUER];
    let work: string;
    beforeAll(() => {
      cases = requireReferenceData('sigstore/conformance/bundle-verify');
      root = requireReferenceData('sigstore/trusted-root/public-good/trusted_root.json');
      work = mkdtempSync(join(tmpdir(), 'custody-flags-'));
    });
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it('--bundle: verifies; a missing bundle file exits 2 naming it', async () => {
      expect((await blob(exact)).status).toBe(0);
      const missing = await runOffline([
        'verify',
        'blob',
        join(cases, 'a.txt'),
        '--bundle',
        join(work, 'none.json'),
        ...exact,
      ]);
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/cannot read bundle .*none\.json/);
    });

    it('keyless without an identity policy exits 2', async () => {
      const result = await blob([]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/--certificate-identity/);
      const half = await blob(['--certificate-identity', BEACON]);
      expect(half.status).toBe(2);
    });

    it.each([
      [
        '--certificate-identity',
        [...exact],
        ['--certificate-identity', 'https://github.com/evil/x', '--certificate-oidc-issuer', GITHUB_ISSUER],
      ],
      [
        '--certificate-identity-regexp',
        [
          '--certificate-identity-regexp',
          'https://github\\.com/sigstore-conformance/.*',
          '--certificate-oidc-issuer',
          GITHUB_ISSUER,
        ],
        // A pattern matching only part of the SAN: anchored, so it must not match.
        [
          '--certificate-identity-regexp',
          'github\\.com/sigstore-conformance',
          '--certificate-oidc-issuer',
          GITHUB_ISSUER,
        ],
      ],
      [
        '--certificate-oidc-issuer',
        [...exact],
        ['--certificate-identity', BEACON, '--certificate-oidc-issuer', 'https://accounts.google.com'],
      ],
      [
        '--certificate-oidc-issuer-regexp',
        [
          '--certificate-identity',
          BEACON,
          '--certificate-oidc-issuer-regexp',
          'https://token\\.actions\\..*',
        ],
        ['--certificate-identity', BEACON, '--certificate-oidc-issuer-regexp', 'token\\.actions'],
      ],
      ...Object.entries(BEACON_CLAIMS).map(
        ([claim, value]) =>
          [
            `--github-${claim}`,
            [...exact, `--github-${claim}`, value],
            [...exact, `--github-${claim}`, `${value}x`],
          ] as [string, string[], string[]],
      ),
    ])('%s: the right value verifies, a wrong one fails the identity check', async (_flag, good, bad) => {
      expect((await blob(good)).status).toBe(0);
      expectCheckFailure(await blob(bad), 'IDENTITY');
    });

    it("--trusted-root: the public-good root verifies; another instance's root fails the chain", async () => {
      const staging = join(cases, 'rekor2-happy-path', 'trusted_root.json');
      const result = await runOffline([
        'verify',
        'blob',
        join(cases, 'a.txt'),
        '--bundle',
        join(cases, 'happy-path-v0.3', 'bundle.sigstore.json'),
        '--trusted-root',
        staging,
        '--format',
        'json',
        ...exact,
      ]);
      expectCheckFailure(result, 'CERTIFICATE_CHAIN');
    });

    it('--trusted-root: a root whose keys have all expired gives a warning', async () => {
      const document = JSON.parse(readFileSync(root, 'utf8'));
      const end = '2022-12-31T00:00:00Z';
      for (const log of [...document.tlogs, ...document.ctlogs]) log.publicKey.validFor.end = end;
      for (const ca of [...document.certificateAuthorities, ...document.timestampAuthorities])
        ca.validFor.end = end;
      const expired = join(work, 'expired-root.json');
      writeFileSync(expired, JSON.stringify(document));
      const good = await blob(exact);
      expect(good.stderr).not.toMatch(/expired/);
      const result = await runOffline([
        'verify',
        'blob',
        join(cases, 'a.txt'),
        '--bundle',
        join(cases, 'happy-path-v0.3', 'bundle.sigstore.json'),
        '--trusted-root',
        expired,
        ...exact,
      ]);
      expect(result.stderr).toMatch(/every key and CA in this trusted root expired/);
    });

    it("--key: the signer's key verifies a keyed bundle; another key fails the signature", async () => {
      const keyed = join(cases, 'managed-key-happy-path');
      const run = (key: string): Promise<CliResult> =>
        runOffline([
          'verify',
          'blob',
          join(cases, 'a.txt'),
          '--bundle',
          join(keyed, 'bundle.sigstore.json'),
          '--trusted-root',
          root,
          '--key',
          key,
          '--format',
          'json',
        ]);
      expect((await run(join(keyed, 'key.pub'))).status).toBe(0);
      const other = join(work, 'other.pub');
      writeFileSync(other, otherKeyPem());
      expectCheckFailure(await run(other), 'SIGNATURE');
    });

    it('--format json: lists every check with expected and found; a failure names its check', async () => {
      const good = jsonReport(await blob(exact));
      expect(good.verified).toBe(true);
      const checks = good.bundles[0]?.checks.map((c) => c.check) ?? [];
      for (const name of [
        'bundle',
        'artifact-digest',
        'timestamps',
        'certificate-chain',
        'sct',
        'signature',
        'tlog-body',
        'tlog-inclusion',
        'identity',
      ]) {
        expect(checks).toContain(name);
      }
      const identity = good.bundles[0]?.checks.find((c) => c.detail === 'certificate-identity');
      expect(identity?.expected).toBe(BEACON);
      expect(identity?.found).toBe(BEACON);
      const bad = await blob([
        '--certificate-identity',
        'https://example.com/x',
        '--certificate-oidc-issuer',
        GITHUB_ISSUER,
      ]);
      const failed = jsonReport(bad).bundles[0]?.checks.find((c) => !c.ok);
      expect(failed).toMatchObject({
        check: 'identity',
        code: 'IDENTITY',
        expected: 'https://example.com/x',
        found: BEACON,
      });
      expect(bad.stderr).toMatch(
        /check identity failed: .*expected https:\/\/example\.com\/x, found https:\/\/github\.com\/sigstore-conformance/,
      );
    });

    it('--format human: one line per bundle', async () => {
      const result = await runOffline([
        'verify',
        'blob',
        join(cases, 'a.txt'),
        '--bundle',
        join(cases, 'happy-path-v0.3', 'bundle.sigstore.json'),
        ...exact,
      ]);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(
        /^verified .*bundle\.sigstore\.json: https:\/\/github\.com\/sigstore-conformance/,
      );
    });
  },
);

/** A freshly made P-256 public key, unrelated to any fixture. */
function otherKeyPem(): string {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
    type: 'spki',
    format: 'pem',
  }) as string;
}

describeWithReference(
  'custody verify attestation: every flag passes and fails',
  ['sigstore/npm/sigstore@2.3.1/attestations.json', 'sigstore/npm/tuf-js@1.0.0/attestations.json'],
  () => {
    // Resolved in setup, not while collecting: a skipped suite's body is still collected.
    let npm: string;
    beforeAll(() => {
      npm = requireReferenceData('sigstore/npm');
    });
    const attest = (pkg: string, extra: string[]): Promise<CliResult> =>
      runOffline([
        'verify',
        'attestation',
        join(npm, pkg, 'package.tgz'),
        '--bundle',
        join(npm, pkg, 'attestations.json'),
        '--certificate-identity-regexp',
        '.*',
        '--certificate-oidc-issuer',
        GITHUB_ISSUER,
        '--format',
        'json',
        ...extra,
      ]);
    const predicateOf = (pkg: string, type: string): unknown => {
      const document = JSON.parse(readFileSync(join(npm, pkg, 'attestations.json'), 'utf8'));
      const found = document.attestations.find((a: { predicateType: string }) => a.predicateType === type);
      return JSON.parse(Buffer.from(found.bundle.dsseEnvelope.payload, 'base64').toString('utf8')).predicate;
    };

    it.each([
      ['slsaprovenance1', 'sigstore@2.3.1'],
      ['https://slsa.dev/provenance/v1', 'sigstore@2.3.1'],
      ['slsaprovenance', 'tuf-js@1.0.0'],
    ])('--type %s matches %s', async (type, pkg) => {
      expect((await attest(pkg, ['--type', type])).status).toBe(0);
    });

    it('--type: a type no bundle has fails; an unknown short name exits 2', async () => {
      expectCheckFailure(await attest('sigstore@2.3.1', ['--type', 'spdxjson']), 'PREDICATE_TYPE');
      expect((await attest('sigstore@2.3.1', ['--type', 'nonsense'])).status).toBe(2);
    });

    it.each([
      // SLSA v1 runDetails.builder.id of sigstore@2.3.1
      [
        '--builder-id',
        'sigstore@2.3.1',
        'https://github.com/actions/runner/github-hosted',
        'https://github.com/evil/builder',
      ],
      // v0.2 builder.id https://github.com/npm/cli@9.4.2: without "@version" any version matches
      ['--builder-id', 'tuf-js@1.0.0', 'https://github.com/npm/cli', 'https://github.com/npm/cli@9.9.9'],
      ['--source-repo', 'sigstore@2.3.1', 'github.com/sigstore/sigstore-js', 'github.com/sigstore/cosign'],
      [
        '--source-repo',
        'tuf-js@1.0.0',
        'https://github.com/theupdateframework/tuf-js',
        'github.com/theupdateframework/go-tuf',
      ],
      ['--source-ref', 'sigstore@2.3.1', 'refs/heads/main', 'refs/heads/dev'],
      ['--source-tag', 'tuf-js@1.0.0', 'v1.0.0', 'v2.0.0'],
    ])('%s on %s: %s verifies, %s fails the provenance check', async (flag, pkg, good, bad) => {
      expect((await attest(pkg, [flag, good])).status).toBe(0);
      expectCheckFailure(await attest(pkg, [flag, bad]), 'PROVENANCE');
    });

    it('the certificate is cross-checked against the predicate (repository, commit, ref, trigger)', async () => {
      const report = jsonReport(await attest('sigstore@2.3.1', []));
      const slsa = report.bundles.find((b) => b.predicateType === 'https://slsa.dev/provenance/v1');
      const names = slsa?.checks.filter((c) => c.check === 'provenance').map((c) => c.detail);
      expect(names).toEqual([
        'certificate-source-repo',
        'certificate-source-digest',
        'certificate-source-ref',
        'certificate-trigger',
      ]);
      const digest = slsa?.checks.find((c) => c.detail === 'certificate-source-digest');
      expect(digest?.found).toBe('46e7056ff9912ebfee5298d94024895a9fea76c0');
    });

    it('--print-predicate prints the verified predicate; nothing when verification fails', async () => {
      const result = await attest('sigstore@2.3.1', ['--type', 'slsaprovenance1', '--print-predicate']);
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual(
        predicateOf('sigstore@2.3.1', 'https://slsa.dev/provenance/v1'),
      );
      const failing = await attest('sigstore@2.3.1', [
        '--type',
        'slsaprovenance1',
        '--print-predicate',
        '--source-ref',
        'refs/heads/dev',
      ]);
      expect(failing.status).toBe(1);
      expect(failing.stdout).not.toContain('buildDefinition');
    });
  },
);

describe('custody keygen, sign blob, attest, attest provenance', () => {
  let work: string;
  const env = { CUSTODY_PASSWORD: 'correct horse battery' };
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'custody-sign-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const run = (args: string[], extra: NodeJS.ProcessEnv = env): Promise<CliResult> =>
    runOffline(args, extra, work);

  it('keygen: ECDSA P-256 by default, private key encrypted (PBES2, AES-256-CBC) and mode 0600', async () => {
    expect((await run(['keygen'])).status).toBe(0);
    expect(statSync(join(work, 'custody.key')).mode & 0o777).toBe(0o600);
    const publicKey = createPublicKey(readFileSync(join(work, 'custody.pub')));
    expect(publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    // openssl, not custody, reads the encryption scheme and decrypts with the passphrase.
    const parsed = execFileSync('openssl', ['asn1parse', '-in', join(work, 'custody.key')], {
      encoding: 'utf8',
    });
    expect(parsed).toContain('PBES2');
    expect(parsed).toContain('aes-256-cbc');
    execFileSync('openssl', [
      'pkey',
      '-in',
      join(work, 'custody.key'),
      '-passin',
      `pass:${env.CUSTODY_PASSWORD}`,
      '-noout',
    ]);
  });

  it('keygen: refuses to replace keys without --force, replaces with it', async () => {
    expect((await run(['keygen'])).status).toBe(2);
    expect((await run(['keygen', '--force'])).status).toBe(0);
  });

  it('keygen --algorithm ed25519 -o PREFIX; an unknown algorithm exits 2', async () => {
    expect((await run(['keygen', '--algorithm', 'ed25519', '-o', 'ed'])).status).toBe(0);
    expect(createPublicKey(readFileSync(join(work, 'ed.pub'))).asymmetricKeyType).toBe('ed25519');
    expect((await run(['keygen', '--algorithm', 'rsa', '-o', 'rsa'])).status).toBe(2);
  });

  it('keygen --output-key/--output-pub; without CUSTODY_PASSWORD exits 2 and writes nothing', async () => {
    expect((await run(['keygen', '--output-key', 'a.key', '--output-pub', 'b.pub'])).status).toBe(0);
    expect(statSync(join(work, 'b.pub')).isFile()).toBe(true);
    const result = await run(['keygen', '-o', 'nopass'], { CUSTODY_PASSWORD: '' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/CUSTODY_PASSWORD/);
    expect(() => statSync(join(work, 'nopass.key'))).toThrow();
  });

  it('sign blob --key -o: custody verify accepts it with --key; a changed file fails; a wrong passphrase exits 2', async () => {
    writeFileSync(join(work, 'app.txt'), 'release 1\n');
    expect((await run(['sign', 'blob', 'app.txt', '--key', 'custody.key', '-o', 'app.bundle'])).status).toBe(
      0,
    );
    const bundle = JSON.parse(readFileSync(join(work, 'app.bundle'), 'utf8'));
    expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(bundle.verificationMaterial.publicKey.hint).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(
      (await run(['verify', 'blob', 'app.txt', '--bundle', 'app.bundle', '--key', 'custody.pub'])).status,
    ).toBe(0);
    writeFileSync(join(work, 'changed.txt'), 'release 2\n');
    expect(
      (await run(['verify', 'blob', 'changed.txt', '--bundle', 'app.bundle', '--key', 'custody.pub'])).status,
    ).toBe(1);
    // Without --key the bundle has neither log entry nor timestamp: refused, with the hint.
    const keyless = await run(['verify', 'blob', 'app.txt', '--bundle', 'app.bundle']);
    expect(keyless.status).toBe(1);
    expect(keyless.stderr).toMatch(/only with --key/);
    expect(
      (await run(['sign', 'blob', 'app.txt', '--key', 'custody.key'], { CUSTODY_PASSWORD: 'wrong' })).status,
    ).toBe(2);
  });

  it('sign blob without -o writes the bundle to stdout', async () => {
    const result = await run(['sign', 'blob', 'app.txt', '--key', 'custody.key']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).messageSignature.messageDigest.algorithm).toBe('SHA2_256');
  });

  it('attest --predicate --type: verify attestation accepts it; a bad predicate or a missing flag exits 2', async () => {
    writeFileSync(
      join(work, 'vex.json'),
      JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [] }),
    );
    expect(
      (
        await run([
          'attest',
          'app.txt',
          '--predicate',
          'vex.json',
          '--type',
          'openvex',
          '--key',
          'ed.key',
          '-o',
          'vex.bundle',
        ])
      ).status,
    ).toBe(0);
    const verified = await run([
      'verify',
      'attestation',
      'app.txt',
      '--bundle',
      'vex.bundle',
      '--key',
      'ed.pub',
      '--type',
      'openvex',
      '--print-predicate',
    ]);
    expect(verified.status).toBe(0);
    expect(JSON.parse(verified.stdout)).toEqual({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      statements: [],
    });
    writeFileSync(join(work, 'bad.json'), '{not json');
    expect(
      (await run(['attest', 'app.txt', '--predicate', 'bad.json', '--type', 'openvex', '--key', 'ed.key']))
        .status,
    ).toBe(2);
    expect((await run(['attest', 'app.txt', '--type', 'openvex', '--key', 'ed.key'])).status).toBe(2);
  });

  it('attest provenance: from GitHub Actions variables, checked by verify attestation', async () => {
    const github = {
      ...env,
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_REF: 'refs/tags/v1.2.3',
      GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/release.yml@refs/tags/v1.2.3',
      GITHUB_RUN_ID: '42',
      GITHUB_EVENT_NAME: 'push',
      RUNNER_ENVIRONMENT: 'github-hosted',
    };
    expect(
      (await run(['attest', 'provenance', 'app.txt', '--key', 'custody.key', '-o', 'prov.bundle'], github))
        .status,
    ).toBe(0);
    const verify = [
      'verify',
      'attestation',
      'app.txt',
      '--bundle',
      'prov.bundle',
      '--key',
      'custody.pub',
      '--type',
      'slsaprovenance1',
    ];
    expect(
      (
        await run([
          ...verify,
          '--builder-id',
          'https://github.com/actions/runner/github-hosted',
          '--source-repo',
          'github.com/acme/app',
          '--source-tag',
          'v1.2.3',
        ])
      ).status,
    ).toBe(0);
    const predicate = JSON.parse((await run([...verify, '--print-predicate'])).stdout);
    expect(predicate.runDetails.metadata.invocationId).toBe(
      'https://github.com/acme/app/actions/runs/42/attempts/1',
    );
    expect(predicate.buildDefinition.resolvedDependencies[0]).toEqual({
      uri: 'git+https://github.com/acme/app@refs/tags/v1.2.3',
      digest: { gitCommit: '0123456789abcdef0123456789abcdef01234567' },
    });
  });

  it('attest provenance: flags describe another CI; with neither exits 2', async () => {
    expect((await run(['attest', 'provenance', 'app.txt', '--key', 'custody.key'])).status).toBe(2);
    const flags = [
      '--builder-id',
      'https://ci.example/runner',
      '--source-repo',
      'https://git.example/acme/app',
      '--source-ref',
      'refs/heads/main',
      '--source-digest',
      'abc123',
    ];
    expect(
      (await run(['attest', 'provenance', 'app.txt', '--key', 'custody.key', '-o', 'ci.bundle', ...flags]))
        .status,
    ).toBe(0);
    const verify = ['verify', 'attestation', 'app.txt', '--bundle', 'ci.bundle', '--key', 'custody.pub'];
    expect(
      (
        await run([
          ...verify,
          '--builder-id',
          'https://ci.example/runner',
          '--source-repo',
          'git.example/acme/app',
          '--source-ref',
          'refs/heads/main',
        ])
      ).status,
    ).toBe(0);
    expect((await run([...verify, '--source-ref', 'refs/heads/other'])).status).toBe(1);
  });
});
