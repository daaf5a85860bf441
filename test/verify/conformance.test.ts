import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { type CliResult, describeWithReference, requireReferenceData } from '#test-helpers';
import { failedCodes, inBatches, jsonReport, runOffline } from './support.js';

interface ConformanceCase {
  name: string;
  expected: 'pass' | 'fail';
  readme: string;
  sigstoreJs_verify_3_1_1: string;
}

/**
 * Why each failing case must fail, as custody's error code, written from the case's name and
 * README (sigstore-conformance test/assets/bundle-verify/<case>/README). A verifier that rejects
 * everything, or rejects for another reason, does not pass this table.
 */
const EXPECTED_FAILURE: Record<string, string[]> = {
  // "Bundle contains empty certificate chain"
  'bundle-empty-certificate-chain_fail': ['CERTIFICATE_CHAIN'],
  // "valid bundle from public good _staging_": the certificate chains to staging's CA, not production's
  'bundle-from-wrong-instance_fail': ['CERTIFICATE_CHAIN'],
  // "Bundle signature contains invalid base64 encoding"
  'bundle-invalid-base64-signature_fail': ['SIGNATURE'],
  // "truncated/malformed JSON: should fail with parse error" (unreadable input)
  'bundle-malformed-json_fail': ['INPUT_UNREADABLE'],
  // "tlog entry has negative log index"
  'bundle-negative-log-index_fail': ['TLOG_ENTRY'],
  // "unknown/unsupported version"
  'bundle-unknown-version_fail': ['BUNDLE_INVALID'],
  // "certificate chain contains a root certificate"
  'bundle-with-root-cert_fail': ['CERTIFICATE_CHAIN'],
  // "checkpoint signature does not match the transparency log providing the entry"
  'checkpoint-bad-keyhint_fail': ['TLOG_INCLUSION_PROOF'],
  // "checkpoint ... does not apply to this bundle (root hash is wrong)"
  'checkpoint-wrong-roothash_fail': ['TLOG_INCLUSION_PROOF'],
  // "The signature in the dsse envelope is incorrect"
  'dsse-invalid-sig_fail': ['SIGNATURE'],
  // "DSSE envelope does not match the entry"
  'dsse-mismatch-envelope_fail': ['TLOG_BODY'],
  // "DSSE signature does not match" the logged one (two valid signatures of one payload)
  'dsse-mismatch-sig_fail': ['TLOG_BODY'],
  // "inclusion proof has a corrupted hash ... the Merkle proof is invalid"
  'inclusion-proof-corrupted-hash_fail': ['TLOG_INCLUSION_PROOF'],
  // "public key in the hashrekord entry has been modified"
  'incorrect-public-key_fail': ['TLOG_BODY'],
  // "integrated time is not within signing certificate validity"
  'integrated-time-in-future_fail': ['CERTIFICATE_VALIDITY'],
  // "Certificate was issued outside the validity window defined in trusted root"
  'intoto-expired-certificate_fail': ['CERTIFICATE_VALIDITY', 'CERTIFICATE_CHAIN'],
  // "log entry does not match the signed artifact"
  'intoto-log-entry-mismatch_fail': ['TLOG_BODY'],
  // "v0.2 bundle where log entry does not contain an inclusion proof"
  'intoto-missing-inclusion-proof_fail': ['TLOG_INCLUSION_PROOF'],
  // "integrated time outside the validity window of the signing certificate"
  'intoto-set-outside-signing-cert-validity_fail': ['CERTIFICATE_VALIDITY'],
  // "TSA timestamp is outside of the validity window of the signing certificate"
  'intoto-tsa-timestamp-outside-cert-validity_fail': ['CERTIFICATE_VALIDITY'],
  // "Rekor checkpoint signature is invalid"
  'invalid-checkpoint-signature_fail': ['TLOG_INCLUSION_PROOF'],
  // no README; the name: the trusted root's CT log key is wrong, so the SCT cannot verify
  'invalid-ct-key_fail': ['SCT'],
  // "The inclusion proof is old and is not valid for this entry" (it has no checkpoint)
  'invalid-inclusion-proof_fail': ['TLOG_INCLUSION_PROOF'],
  // "signed with key but no key is provided"
  'managed-key-no-key_fail': ['PUBLIC_KEY'],
  // "expected to fail due to wrong key" (key.pub is not a usable key)
  'managed-key-wrong-key_fail': ['KEY_INVALID', 'PUBLIC_KEY', 'SIGNATURE'],
  // "messageDigest in the bundle does not match the artifact hash"
  'message-digest-mismatch_fail': ['ARTIFACT_DIGEST'],
  // checkpoint without the log's signature
  'rekor2-checkpoint-missing-log-signature_fail': ['TLOG_INCLUSION_PROOF'],
  'rekor2-checkpoint-missing-origin_fail': ['TLOG_INCLUSION_PROOF'],
  'rekor2-checkpoint-missing-root-hash_fail': ['TLOG_INCLUSION_PROOF'],
  'rekor2-checkpoint-missing-size_fail': ['TLOG_INCLUSION_PROOF'],
  // "identity of the checkpoint signature does not match the transparency log host"
  'rekor2-checkpoint-no-matching-signature_fail': ['TLOG_INCLUSION_PROOF'],
  // "envelope signature does not verify under the bundle's certificate"
  'rekor2-dsse-invalid-sig_fail': ['SIGNATURE'],
  // "not the envelope that was logged: Hash(PAE(envelope)) does not match"
  'rekor2-dsse-mismatch-envelope_fail': ['TLOG_BODY'],
  // "envelope signature does not match the signature recorded in" the entry
  'rekor2-dsse-mismatch-sig_fail': ['TLOG_BODY'],
  // "inclusion proof is removed"
  'rekor2-no-inclusion-proof_fail': ['TLOG_INCLUSION_PROOF'],
  // "no TSA timestamp ... TSA timestamps required"
  'rekor2-no-timestamp_fail': ['TIMESTAMP'],
  'rekor2-timestamp-outside-trust-root-tsa-validity_fail': ['TIMESTAMP'],
  'rekor2-timestamp-outside-tsa-cert-validity_fail': ['TIMESTAMP'],
  // "timestamp payload does not match the bundle signature"
  'rekor2-timestamp-payload-mismatch_fail': ['TIMESTAMP'],
  'rekor2-timestamp-untrusted-tsa-with-embedded-cert_fail': ['TIMESTAMP'],
  'rekor2-timestamp-untrusted-tsa-without-embedded-cert_fail': ['TIMESTAMP'],
  // "timestamp time is outside the signing certificate lifetime"
  'rekor2-timestamp-with-incorrect-time_fail': ['CERTIFICATE_VALIDITY'],
  // "signed entry timestamp signature is invalid"
  'set-invalid-signature_fail': ['TLOG_SET'],
  // "The signature in this bundle is incorrect"
  'signature-mismatch_fail': ['SIGNATURE'],
  // "validFor interval is missing its required start ... reject the malformed trust root"
  'trust-root-tlog-missing-validity-start_fail': ['TRUSTED_ROOT_INVALID'],
  // "otherwise cryptographically valid but artifact is incorrect": the entry is for another artifact
  'wrong-hashedrekord-artifact_fail': ['TLOG_BODY', 'ARTIFACT_DIGEST'],
  // "certificate (and signature) used for hashedrekord is incorrect"
  'wrong-hashedrekord-cert-and-sig_fail': ['TLOG_BODY'],
  // "hashedrekord is for a different entry"
  'wrong-hashedrekord-entry_fail': ['TLOG_BODY'],
  // "valid bundle for the default artifact, but the artifact here is different"
  'wrong-material_fail': ['ARTIFACT_DIGEST'],
};

/** The error code of a run: from the JSON report (exit 1) or the one-line error (exit 2). */
function codeOf(result: CliResult): string[] {
  if (result.status === 1) return failedCodes(jsonReport(result));
  return [result.stderr.trim()];
}

describeWithReference(
  'sigstore-conformance bundle-verify cases, offline, through custody verify',
  ['sigstore/conformance/index.json', 'sigstore/trusted-root/public-good/trusted_root.json'],
  () => {
    // Resolved in setup, not while collecting: a skipped suite's body is still collected.
    let root: string;
    let index: { defaults: { identity: string; issuer: string }; cases: ConformanceCase[] };
    let publicGood: string;
    const results = new Map<string, CliResult>();

    function argsFor(name: string): string[] {
      const dir = join(root, 'bundle-verify', name);
      const file = (f: string): string | undefined => (existsSync(join(dir, f)) ? join(dir, f) : undefined);
      const read = (f: string): string | undefined => {
        const path = file(f);
        return path === undefined ? undefined : readFileSync(path, 'utf8').trim();
      };
      const args = [
        'verify',
        'blob',
        file('artifact') ?? join(root, 'bundle-verify', 'a.txt'),
        '--bundle',
        join(dir, 'bundle.sigstore.json'),
        '--trusted-root',
        file('trusted_root.json') ?? publicGood,
        '--format',
        'json',
      ];
      const key = file('key.pub');
      if (key !== undefined) return [...args, '--key', key];
      return [
        ...args,
        '--certificate-identity',
        read('identity') ?? index.defaults.identity,
        '--certificate-oidc-issuer',
        read('issuer') ?? index.defaults.issuer,
      ];
    }

    beforeAll(async () => {
      root = requireReferenceData('sigstore/conformance');
      index = JSON.parse(readFileSync(join(root, 'index.json'), 'utf8')) as typeof index;
      publicGood = requireReferenceData('sigstore/trusted-root/public-good/trusted_root.json');
      const runs = await inBatches(
        index.cases.map((c) => () => runOffline(argsFor(c.name))),
        4,
      );
      for (const [i, c] of index.cases.entries()) results.set(c.name, runs[i] as CliResult);
      const right = index.cases.filter(
        (c) => (results.get(c.name)?.status === 0) === (c.expected === 'pass'),
      ).length;
      const libraryRight = index.cases.filter(
        (c) => (c.sigstoreJs_verify_3_1_1 === 'passed') === (c.expected === 'pass'),
      ).length;
      process.stdout.write(
        `sigstore-conformance: custody ${right}/${index.cases.length} right (@sigstore/verify 3.1.1 alone: ${libraryRight}/${index.cases.length})\n`,
      );
    }, 240_000);

    it('has all 70 cases and a reason for every failing one', () => {
      expect(index.cases).toHaveLength(70);
      const failing = index.cases.filter((c) => c.expected === 'fail').map((c) => c.name);
      expect(failing.sort()).toEqual(Object.keys(EXPECTED_FAILURE).sort());
    });

    it('gets every case right', () => {
      const wrong = index.cases.filter(
        (c) => (results.get(c.name)?.status === 0) !== (c.expected === 'pass'),
      );
      expect(wrong.map((c) => c.name)).toEqual([]);
    });

    it.each(['rekor2-dsse-happy-path', 'trust-root-tlog-missing-validity-start_fail'])(
      'gets %s right, which @sigstore/verify 3.1.1 alone gets wrong',
      (name) => {
        const c = index.cases.find((x) => x.name === name) as ConformanceCase;
        expect((c.sigstoreJs_verify_3_1_1 === 'passed') === (c.expected === 'pass')).toBe(false);
        expect(results.get(name)?.status === 0).toBe(c.expected === 'pass');
      },
    );

    it.each(Object.entries(EXPECTED_FAILURE))('%s fails for its reason (%s)', (name, codes) => {
      const result = results.get(name) as CliResult;
      expect(result.status, result.stderr).toBeGreaterThan(0);
      expect(result.status).toBeLessThan(3);
      const found = codeOf(result);
      if (result.status === 2) {
        // Unreadable input: the one-line error names the input and what is wrong.
        const messages: Record<string, RegExp> = {
          INPUT_UNREADABLE: /bundle\.sigstore\.json: not JSON/,
          KEY_INVALID: /key\.pub: not a PEM public key/,
        };
        expect(
          codes.some((code) => messages[code]?.test(found[0] ?? '') === true),
          found[0],
        ).toBe(true);
        return;
      }
      expect(codes).toContain(found[0]);
    });

    it('passing cases report every check as passed, with the signer', () => {
      for (const c of index.cases.filter((x) => x.expected === 'pass')) {
        const report = jsonReport(results.get(c.name) as CliResult);
        expect(report.verified).toBe(true);
        expect(report.bundles[0]?.checks.every((check) => check.ok)).toBe(true);
        expect(report.bundles[0]?.checks.map((check) => check.check)).toContain('signature');
      }
    });
  },
);
