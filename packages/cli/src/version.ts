import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * custody's own version, from the CLI's package.json: what `--version` prints and what SPDX
 * creators, CycloneDX tools and SARIF drivers name. A literal require, so that the bundle (see
 * scripts/bundle.mjs) holds the version and reads no file at run time.
 */
export function custodyVersion(): string {
  return (require('../package.json') as { version: string }).version;
}
