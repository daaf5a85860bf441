import { createRequire } from 'node:module';
import { VerifyError } from '../errors.js';

const SIGSTORE_TUF_MIRROR = 'https://tuf-repo-cdn.sigstore.dev';
const NPM_KEYS_TARGET = 'registry.npmjs.org%2Fkeys.json';

/** Where the embedded trust comes from, for messages. */
export const SEED_SOURCE = '@sigstore/tuf seeds.json (public-good)';

interface Seeds {
  [mirror: string]: { targets?: Record<string, string> };
}

let seeds: Seeds | undefined;

/**
 * The TUF seed that `@sigstore/tuf` embeds: targets of the public-good TUF repository as base64,
 * read from the installed dependency at run time (never copied into custody), so that verifying
 * needs no network. A production deployment refreshes it by upgrading @sigstore/tuf.
 */
function loadSeeds(): Seeds {
  if (seeds !== undefined) return seeds;
  // A literal require of the JSON, so that the CLI bundle includes it (see packages/cli/scripts).
  const require = createRequire(import.meta.url);
  seeds = require('@sigstore/tuf/seeds.json') as Seeds;
  return seeds;
}

function seedTarget(name: string): string {
  const target = loadSeeds()[SIGSTORE_TUF_MIRROR]?.targets?.[name];
  if (target === undefined) {
    throw new VerifyError('TRUSTED_ROOT_INVALID', `${SEED_SOURCE} has no target ${name}`, {
      hint: 'reinstall @sigstore/tuf, or give --trusted-root',
    });
  }
  return Buffer.from(target, 'base64').toString('utf8');
}

/** The public-good `trusted_root.json` from the seed, as JSON text. */
export function seedTrustedRootText(): string {
  return seedTarget('trusted_root.json');
}

/** One npm registry signing key (the `registry.npmjs.org/keys.json` TUF target). */
export interface NpmRegistryKey {
  keyId: string;
  keyUsage: string;
  publicKey: { rawBytes: string; keyDetails: string; validFor: { start: string; end?: string } };
}

/** The npm registry's keys from the seed (`npm:attestations` signs the publish attestation). */
export function seedNpmRegistryKeys(): NpmRegistryKey[] {
  const document = JSON.parse(seedTarget(NPM_KEYS_TARGET)) as { keys: NpmRegistryKey[] };
  return document.keys;
}
