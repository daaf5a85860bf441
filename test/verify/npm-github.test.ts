import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithReference, requireReferenceData } from '#test-helpers';
import { failedCodes, jsonReport, runOffline } from './support.js';

const ANY_IDENTITY = [
  '--certificate-identity-regexp',
  '.*',
  '--certificate-oidc-issuer',
  'https://token.actions.githubusercontent.com',
];

// biome-ignore lint/suspicious/noExplicitAny: the tampering walks bundle JSON whose shape the fixtures README gives
type Json = Record<string, any>;

/** Flips one bit of one byte of base64 data, at `at` (negative: from the end). */
function flipBase64(value: string, at: number): string {
  const bytes = Buffer.from(value, 'base64');
  const index = at < 0 ? bytes.length + at : at;
  bytes[index] = (bytes[index] as number) ^ 0x01;
  return bytes.toString('base64');
}

describeWithReference(
  'real npm provenance: bundles and tarballs, and one-byte tampered copies',
  ['sigstore/npm/sigstore@2.3.1/attestations.json', 'sigstore/npm/tuf-js@1.0.0/attestations.json'],
  () => {
    // Resolved in setup, not while collecting: a skipped suite's body is still collected.
    let npm: string;
    let work: string;
    beforeAll(() => {
      npm = requireReferenceData('sigstore/npm');
      work = mkdtempSync(join(tmpdir(), 'custody-npm-'));
    });
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    // Every package version of the fixtures README, with the bundle files that must verify.
    it.each([
      ['gundam-visor@1.0.1', 'attestations.json'],
      ['@laurentsimon+provenance-npm-test@1.0.3', 'attestations.json'],
      ['@laurentsimon+provenance-npm-test@1.0.5', 'attestations.json'],
      ['@trishankatdatadog+supreme-goggles@1.0.5', 'attestations.json'],
      ['sigstore@2.3.1', 'attestations.json'],
      ['sigstore@1.0.0', 'attestations.json'],
      ['tuf-js@1.0.0', 'attestations.json'],
      ['sigstore@2.1.0', 'provenance.sigstore.json'],
      ['sigstore@2.1.0', 'provenance-v0.1.sigstore.json'],
      ['sigstore@2.1.0', 'github-attestations-2-bundles.jsonl'],
      ['sigstore@2.2.0', 'provenance.sigstore.json'],
      ['sigstore@2.2.0', 'provenance-v0.3.sigstore.json'],
    ])('%s %s verifies against its tarball', async (pkg, file) => {
      const result = await runOffline([
        'verify',
        'attestation',
        join(npm, pkg, 'package.tgz'),
        '--bundle',
        join(npm, pkg, file),
        ...ANY_IDENTITY,
        '--format',
        'json',
      ]);
      expect(result.status, result.stderr).toBe(0);
      const report = jsonReport(result);
      expect(report.verified).toBe(true);
      for (const bundle of report.bundles)
        expect(bundle.checks.some((c) => c.check === 'subject-digest' && c.ok)).toBe(true);
      if (file === 'attestations.json') {
        // The npm response holds the keyless SLSA bundle and the publish attestation keyed by the
        // npm registry key (README: keyUsage npm:attestations).
        const types = report.bundles.map((bundle) => bundle.predicateType).sort();
        expect(types[0]).toBe('https://github.com/npm/attestation/tree/main/specs/publish/v0.1');
        expect(types[1]).toMatch(/^https:\/\/slsa\.dev\/provenance\/v(0\.2|1)$/);
        const publish = report.bundles.find((b) => b.predicateType?.includes('npm/attestation'));
        expect(publish?.signer?.type).toBe('public-key');
      }
    });

    // The origin projects' negative copies: one bundle's signature tampered (README).
    it.each([
      ['gundam-visor@1.0.1', 'attestations-invalidsigprov.json'],
      ['gundam-visor@1.0.1', 'attestations-invalidsigpub.json'],
      ['sigstore@2.3.1', 'attestations-invalidsigprov.json'],
      ['sigstore@2.3.1', 'attestations-invalidsigpub.json'],
      ['@laurentsimon+provenance-npm-test@1.0.3', 'attestations-invalidsigprov.json'],
      ['@trishankatdatadog+supreme-goggles@1.0.5', 'attestations-invalidsigpub.json'],
    ])('%s negative/%s fails on the signature, the untouched bundle still verifies', async (pkg, file) => {
      const result = await runOffline([
        'verify',
        'attestation',
        join(npm, pkg, 'package.tgz'),
        '--bundle',
        join(npm, pkg, 'negative', file),
        ...ANY_IDENTITY,
        '--format',
        'json',
      ]);
      expect(result.status).toBe(1);
      const report = jsonReport(result);
      expect(report.bundles.map((b) => b.verified).sort()).toEqual([false, true]);
      expect(failedCodes(report)).toEqual(['SIGNATURE']);
    });

    // One byte changed in each part of the keyless SLSA bundle of sigstore@2.3.1, in setup.
    const tampers: [string, string, (attestations: Json) => void, boolean][] = [
      ['the tarball', 'SUBJECT_DIGEST', () => undefined, true],
      [
        'the signature',
        'SIGNATURE',
        (a) => {
          const sig = a.attestations[1].bundle.dsseEnvelope.signatures[0];
          sig.sig = flipBase64(sig.sig, 20);
        },
        false,
      ],
      [
        'the certificate',
        'CERTIFICATE_CHAIN',
        (a) => {
          const material = a.attestations[1].bundle.verificationMaterial;
          const holder = material.x509CertificateChain?.certificates[0] ?? material.certificate;
          const der = Buffer.from(holder.rawBytes, 'base64');
          // A letter of the SAN inside the signed TBSCertificate: still parses, no longer Fulcio's.
          const at = der.indexOf('sigstore-js/.github');
          der[at] = 'S'.charCodeAt(0);
          holder.rawBytes = der.toString('base64');
        },
        false,
      ],
      [
        'the log entry',
        'TLOG_BODY',
        (a) => {
          const entry = a.attestations[1].bundle.verificationMaterial.tlogEntries[0];
          const body = Buffer.from(entry.canonicalizedBody, 'base64').toString('utf8');
          const at = body.indexOf('"payloadHash"');
          const digit = body.indexOf('"value":"', at) + 9;
          const changed = body[digit] === 'a' ? 'b' : 'a';
          entry.canonicalizedBody = Buffer.from(
            `${body.slice(0, digit)}${changed}${body.slice(digit + 1)}`,
          ).toString('base64');
        },
        false,
      ],
    ];
    it.each(tampers)('one byte changed in %s fails with %s', async (_what, code, tamper, tarball) => {
      const pkg = join(npm, 'sigstore@2.3.1');
      const attestations = JSON.parse(readFileSync(join(pkg, 'attestations.json'), 'utf8')) as Json;
      tamper(attestations);
      const bundlePath = join(work, `${code}.json`);
      writeFileSync(bundlePath, JSON.stringify(attestations));
      let tgz = join(pkg, 'package.tgz');
      if (tarball) {
        const bytes = readFileSync(tgz);
        bytes[1000] = (bytes[1000] as number) ^ 0xff;
        tgz = join(work, 'package.tgz');
        writeFileSync(tgz, bytes);
      }
      const result = await runOffline([
        'verify',
        'attestation',
        tgz,
        '--bundle',
        bundlePath,
        ...ANY_IDENTITY,
        '--format',
        'json',
      ]);
      expect(result.status, result.stderr).toBe(1);
      const codes = failedCodes(jsonReport(result));
      expect(codes[0]).toBe(code);
      // The one-line reason names the check, expected and found.
      expect(result.stderr).toMatch(new RegExp(`check ${code.toLowerCase().replaceAll('_', '-')} failed`));
    });
  },
);

describeWithReference(
  'GitHub artifact attestations (gh attestation verify test data)',
  ['sigstore/github/README.md', 'sigstore/trusted-root/github/cli-testdata-trusted_root.jsonl'],
  () => {
    // Resolved in setup, not while collecting: a skipped suite's body is still collected.
    let github: string;
    beforeAll(() => {
      github = requireReferenceData('sigstore/github');
    });

    it('the reusable-workflow attestation verifies: SLSA v1, signed by the reusable workflow', async () => {
      const result = await runOffline([
        'verify',
        'attestation',
        join(github, 'reusable-workflow-artifact'),
        '--bundle',
        join(github, 'reusable-workflow-attestation.sigstore.json'),
        '--certificate-identity-regexp',
        'https://github\\.com/github/artifact-attestations-workflows/\\.github/workflows/attest\\.yml@.*',
        '--certificate-oidc-issuer',
        'https://token.actions.githubusercontent.com',
        '--type',
        'slsaprovenance1',
        '--format',
        'json',
      ]);
      expect(result.status, result.stderr).toBe(0);
      expect(jsonReport(result).bundles[0]?.predicateType).toBe('https://slsa.dev/provenance/v1');
    });

    it('the custom-issuer attestation verifies with its GHE issuer', async () => {
      const result = await runOffline([
        'verify',
        'attestation',
        join(github, 'custom-issuer-artifact'),
        '--bundle',
        join(github, 'custom-issuer.sigstore.json'),
        '--certificate-identity-regexp',
        '.*',
        '--certificate-oidc-issuer',
        'https://token.actions.githubusercontent.com/hammer-time',
      ]);
      expect(result.status, result.stderr).toBe(0);
    });

    it("the bundle from GitHub's own Sigstore instance fails offline with a timestamp error naming it", async () => {
      const result = await runOffline([
        'verify',
        'attestation',
        join(github, 'github_provenance_demo-0.0.12-py3-none-any.whl'),
        '--bundle',
        join(github, 'github_provenance_demo-0.0.12-py3-none-any-bundle.jsonl'),
        ...ANY_IDENTITY,
        '--format',
        'json',
      ]);
      expect(result.status).toBe(1);
      expect(failedCodes(jsonReport(result))).toEqual(['TIMESTAMP']);
      expect(result.stderr).toMatch(/GitHub's own Sigstore instance/);
      expect(result.stderr).toMatch(/--trusted-root/);
    });

    it.each([
      'github_provenance_demo-0.0.12-py3-none-any-bundle-missing-cert.jsonl',
      'github_provenance_demo-0.0.12-py3-none-any-bundle-missing-verification-material.jsonl',
    ])('%s fails as an invalid bundle', async (file) => {
      const result = await runOffline([
        'verify',
        'attestation',
        join(github, 'github_provenance_demo-0.0.12-py3-none-any.whl'),
        '--bundle',
        join(github, file),
        ...ANY_IDENTITY,
        '--format',
        'json',
      ]);
      expect(result.status).toBe(1);
      expect(failedCodes(jsonReport(result))).toEqual(['BUNDLE_INVALID']);
    });

    it('a JSON Lines trusted root (as gh attestation trusted-root prints it) verifies 2023 bundles', async () => {
      const npm = requireReferenceData('sigstore/npm/sigstore@2.1.0');
      const result = await runOffline([
        'verify',
        'attestation',
        join(npm, 'package.tgz'),
        '--bundle',
        join(npm, 'provenance.sigstore.json'),
        '--trusted-root',
        requireReferenceData('sigstore/trusted-root/github/cli-testdata-trusted_root.jsonl'),
        ...ANY_IDENTITY,
      ]);
      expect(result.status, result.stderr).toBe(0);
    });
  },
);
