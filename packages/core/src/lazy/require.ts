import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS dependency loaded on first use. `@custody/core` is imported by every command, and
 * loading semver and packageurl-js eagerly costs every CLI start-up tens of milliseconds that most
 * commands never need.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) loaded = require(id) as T;
    return loaded;
  };
}
