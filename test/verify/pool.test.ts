import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeWithReference, repositoryRoot, requireReferenceData } from '#test-helpers';

// The worker pool loads the built worker (dist/batch/worker.js), so this test uses the built package.
const verify = (await import(
  join(repositoryRoot, 'packages', 'verify', 'dist', 'index.js')
)) as typeof import('../../packages/verify/src/index.js');

describeWithReference(
  'verifyBundles on worker threads',
  ['sigstore/conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json'],
  () => {
    // Read in setup, not while collecting: a skipped suite's body is still collected.
    let options: Parameters<typeof verify.verifyBatchHere>[1];
    let items: { bundle: unknown; artifact: Buffer; label: string }[];
    beforeAll(() => {
      const cases = requireReferenceData('sigstore/conformance/bundle-verify');
      const artifact = readFileSync(join(cases, 'a.txt'));
      const bundle = (name: string): unknown =>
        JSON.parse(readFileSync(join(cases, name, 'bundle.sigstore.json'), 'utf8'));
      options = {
        trust: {
          trustedRootText: readFileSync(
            requireReferenceData('sigstore/trusted-root/public-good/trusted_root.json'),
            'utf8',
          ),
        },
        policy: {
          identity:
            'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main',
          issuer: 'https://token.actions.githubusercontent.com',
        },
      };
      const names = [
        'happy-path-v0.1',
        'happy-path-v0.2',
        'happy-path-v0.3',
        'signature-mismatch_fail',
        'set-invalid-signature_fail',
      ];
      items = Array.from({ length: 40 }, (_, i) => {
        const name = names[i % names.length] as string;
        return { bundle: bundle(name), artifact, label: `${name} #${i}` };
      });
    });

    it('gives, in order, the same outcome for each bundle as verifying in this thread', async () => {
      const pooled = await verify.verifyBundles(items, { ...options, concurrency: 2 });
      const here = verify.verifyBatchHere(items, options);
      expect(pooled.map((r) => [r.label, r.verified, r.error?.code])).toEqual(
        here.map((r) => [r.label, r.verified, r.error?.code]),
      );
      // The outcomes themselves, from the case names (sigstore-conformance: _fail must fail).
      expect(pooled.map((r) => r.verified)).toEqual(items.map((item) => !item.label.includes('_fail')));
      expect(pooled.find((r) => r.label.startsWith('signature-mismatch'))?.error?.code).toBe('SIGNATURE');
      expect(pooled.find((r) => r.label.startsWith('set-invalid'))?.error?.code).toBe('TLOG_SET');
    });
  },
);
