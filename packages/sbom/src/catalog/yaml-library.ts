// The `yaml` library behind a static import, for parseYamlLockfile to load on first use: a
// dynamic import of its CommonJS build would hand a bundler's output (the custody CLI is bundled)
// only its `default` export; a static import keeps the named exports in Node and in a bundle.
export { parseAllDocuments, YAMLError } from 'yaml';
