/**
 * A value made on first use and kept. `@custody/core` is imported by every command, and loading
 * semver and packageurl-js eagerly costs every CLI start-up tens of milliseconds that most
 * commands never need, so modules wrap their CommonJS dependencies in it:
 *
 *     const require = createRequire(import.meta.url);
 *     const parse = lazy(() => require('semver/functions/parse') as typeof Semver.parse);
 *
 * The `require` call is written out with its literal id in the module that needs it, so that a
 * bundler (the CLI is bundled, see packages/cli/scripts/bundle.mjs) sees and includes it, and
 * still runs it only on first use.
 */
export function lazy<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) loaded = load();
    return loaded;
  };
}
