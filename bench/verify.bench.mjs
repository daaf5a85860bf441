// custody's verify library against @sigstore/verify called directly (issue 4, acceptance 4): the
// same bundles, each verified once. The bench makes its own CA, log key, CT key and trusted root
// (lib/sigstore-fixtures.mjs) and 1,000+ distinct keyless bundles (fresh leaf key, certificate,
// SCT, log entry and SET each) and as many keyed bundles (custody sign blob over distinct files).

import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { IDENTITY, ISSUER, makeAuthority, makeKeylessBundle } from './lib/sigstore-fixtures.mjs';

const verifyPackage = fileURLToPath(new URL('../packages/verify/package.json', import.meta.url));
const custody = await import(new URL('../packages/verify/dist/index.js', import.meta.url).href);
// The pinned sigstore libraries, resolved from the verify package as custody resolves them.
const require = createRequire(verifyPackage);
const { toSignedEntity, toTrustMaterial, Verifier } = require('@sigstore/verify');
const { bundleFromJSON } = require('@sigstore/bundle');
const { TrustedRoot } = require('@sigstore/protobuf-specs');

const COUNT = 1000;
const WORKERS = 2;
const TARGET = { keyless: 500, keyed: 4000 };

export const title = `verify: ${COUNT} distinct keyless and ${COUNT} keyed bundles, each verified once (bundles/s)`;
export let notes = '';

// Wall time and CPU time (process.cpuUsage counts every thread, workers included): on a loaded
// machine the wall rate falls while the CPU cost per bundle stays what the code costs.
function cpuSeconds(since) {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function time(body) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = body();
  return { result, seconds: (performance.now() - start) / 1000, cpu: cpuSeconds(cpu) };
}

async function timeAsync(body) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await body();
  return { result, seconds: (performance.now() - start) / 1000, cpu: cpuSeconds(cpu) };
}

function assertAll(results, what) {
  const failed = results.filter((r) => r !== true && r?.verified !== true);
  if (failed.length > 0)
    throw new Error(`${what}: ${failed.length} bundles failed (${JSON.stringify(failed[0]).slice(0, 300)})`);
}

function row(kind, verifier, { seconds, cpu }, target) {
  const perSecond = Math.round(COUNT / seconds);
  return {
    bundles: kind,
    verifier,
    count: COUNT,
    seconds: seconds.toFixed(2),
    'bundles/s': perSecond,
    'CPU ms/bundle': ((cpu * 1000) / COUNT).toFixed(2),
    target: target === undefined ? '' : `>= ${target}${perSecond >= target ? ' ok' : ' MISSED'}`,
  };
}

export async function run() {
  const made = performance.now();
  const authority = makeAuthority();
  const keyless = Array.from({ length: COUNT }, (_, i) => {
    const artifact = Buffer.from(`keyless artifact ${i}\n`);
    return { bundle: makeKeylessBundle(authority, artifact, i), artifact, label: `keyless ${i}` };
  });
  const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicPem = signingKey.publicKey.export({ type: 'spki', format: 'pem' });
  const keyed = Array.from({ length: COUNT }, (_, i) => {
    const artifact = Buffer.from(`keyed artifact ${i}\n`);
    return { bundle: custody.signBlob(artifact, signingKey.privateKey), artifact, label: `keyed ${i}` };
  });
  const makeSeconds = (performance.now() - made) / 1000;
  const rootText = JSON.stringify(authority.trustedRoot);
  const policy = { identity: IDENTITY, issuer: ISSUER };
  const rows = [];

  // @sigstore/verify directly: trust material built once (its best case), each bundle parsed and verified.
  const library = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(authority.trustedRoot)));
  const libraryKeyless = time(() =>
    keyless.map(({ bundle, artifact }) => {
      library.verify(toSignedEntity(bundleFromJSON(bundle), artifact), {
        subjectAlternativeName: IDENTITY,
        extensions: { issuer: ISSUER },
      });
      return true;
    }),
  );
  assertAll(libraryKeyless.result, '@sigstore/verify keyless');
  rows.push(row('keyless', '@sigstore/verify 3.1.1 (1 thread)', libraryKeyless));

  const hint = keyed[0].bundle.verificationMaterial.publicKey.hint;
  const keyedLibrary = new Verifier(
    toTrustMaterial(TrustedRoot.fromJSON({ ...authority.trustedRoot }), {
      [hint]: { rawBytes: signingKey.publicKey.export({ type: 'spki', format: 'der' }), keyDetails: 0 },
    }),
    { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 },
  );
  const libraryKeyed = time(() =>
    keyed.map(({ bundle, artifact }) => {
      keyedLibrary.verify(toSignedEntity(bundleFromJSON(bundle), artifact));
      return true;
    }),
  );
  assertAll(libraryKeyed.result, '@sigstore/verify keyed');

  // custody in this thread: trust parsed once (cached), every bundle verified in full.
  const keylessOptions = { trust: { trustedRootText: rootText, trustedRootSource: 'bench' }, policy };
  const keyedOptions = {
    trust: {
      trustedRootText: rootText,
      trustedRootSource: 'bench',
      publicKeys: [{ pem: publicPem, source: 'bench.pub' }],
    },
  };
  const custodyKeyless = time(() => custody.verifyBatchHere(keyless, keylessOptions));
  assertAll(custodyKeyless.result, 'custody keyless');
  rows.push(row('keyless', 'custody (1 thread)', custodyKeyless));

  // custody with worker threads: the pool is started first (its start-up is reported below).
  const started = performance.now();
  const keylessPool = custody.VerifierPool.start(keylessOptions, WORKERS);
  await keylessPool.verify(keyless.slice(0, WORKERS * 8)); // workers loaded and trust parsed
  const poolStartSeconds = (performance.now() - started) / 1000;
  const pooledKeyless = await timeAsync(() => keylessPool.verify(keyless));
  await keylessPool.close();
  assertAll(pooledKeyless.result, 'custody pool keyless');
  rows.push(row('keyless', `custody (${WORKERS} worker threads)`, pooledKeyless, TARGET.keyless));

  rows.push(row('keyed', '@sigstore/verify 3.1.1 (1 thread)', libraryKeyed));
  const custodyKeyed = time(() => custody.verifyBatchHere(keyed, keyedOptions));
  assertAll(custodyKeyed.result, 'custody keyed');
  rows.push(row('keyed', 'custody (1 thread)', custodyKeyed));
  const keyedPool = custody.VerifierPool.start(keyedOptions, WORKERS);
  await keyedPool.verify(keyed.slice(0, WORKERS * 8));
  const pooledKeyed = await timeAsync(() => keyedPool.verify(keyed));
  await keyedPool.close();
  assertAll(pooledKeyed.result, 'custody pool keyed');
  rows.push(row('keyed', `custody (${WORKERS} worker threads)`, pooledKeyed, TARGET.keyed));

  notes =
    `Bundles made in ${makeSeconds.toFixed(1)} s (not timed). Worker pool start-up (load, trust parse, warm-up) ` +
    `${poolStartSeconds.toFixed(2)} s, not in the rates. Cores available: ${availableParallelism()}; load average ` +
    `${loadavg()[0].toFixed(1)} (on a busy machine the wall rates fall; CPU ms/bundle is what the code costs). ` +
    'custody caches parsed trust material, CA chain checks and issuer keys, never a bundle result.';
  return rows;
}
