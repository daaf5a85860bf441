// Bundles the custody CLI into packages/cli/bundle/ with esbuild: the bin, and one chunk per
// command group and per library a command loads lazily. Node compiles one file far faster than
// the hundred-odd ES modules of the workspace packages and yargs, and nothing is resolved at run
// time; that is most of a command's start-up (issue 2 asks for an npm/cli SBOM in 150 ms).
//
// The workspace packages stay ordinary ES modules (tsc's dist/) for library users and tests; only
// the bin is bundled. Run after `tsc -b` (the root `build` script does): it bundles dist/, not src/.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cli = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${cli}bundle`;

// Modules loaded on first use write `const require = createRequire(import.meta.url)` and then
// `require('literal')` (see @custody/core's `lazy`). Dropping that line leaves esbuild a plain
// CommonJS require, which it bundles and still runs only when first called.
const LOCAL_REQUIRE = /^\s*const require = createRequire\(import\.meta\.url\);$/gm;
const bundleLocalRequires = {
  name: 'custody-local-require',
  setup(build) {
    build.onLoad({ filter: /[\\/]packages[\\/][a-z]+[\\/]dist[\\/].*\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      return { contents: source.replace(LOCAL_REQUIRE, ''), loader: 'js' };
    });
  },
};

// The version is written into the bundle as a constant: `--version` then loads no other chunk.
const manifest = JSON.parse(await readFile(`${cli}package.json`, 'utf8'));
const versionConstant = {
  name: 'custody-version-constant',
  setup(build) {
    build.onLoad({ filter: /[\\/]packages[\\/]cli[\\/]dist[\\/]version\.js$/ }, () => ({
      contents: `export function custodyVersion() { return ${JSON.stringify(manifest.version)}; }`,
      loader: 'js',
    }));
  },
};

// string-width (yargs' help layout) builds an Intl.Segmenter and a \p{RGI_Emoji} regular
// expression when it loads: about 50 ms, and yargs lays out the help of every subcommand it runs
// (to show it should the handler fail), though custody never prints it then. Imports of it get a
// stand-in that answers printable ASCII itself (one column a character: string-width's own fast
// path) and requires the real module only for anything else; esbuild bundles a required ES
// module behind an initializer, so it is evaluated only then.
const STRING_WIDTH = /^string-width$/;
const lazyStringWidth = {
  name: 'custody-lazy-string-width',
  setup(build) {
    build.onResolve({ filter: STRING_WIDTH }, async ({ path, importer, resolveDir, kind, pluginData }) => {
      if (kind !== 'import-statement' || pluginData === 'real') return undefined;
      const real = await build.resolve(path, { importer, resolveDir, kind, pluginData: 'real' });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'custody-lazy', pluginData: real.path };
    });
    build.onLoad({ filter: /.*/, namespace: 'custody-lazy' }, ({ pluginData }) => ({
      contents: [
        `export default function stringWidth(string, options) {`,
        `  if (typeof string === 'string' && /^[\\x20-\\x7e]*$/.test(string)) return string.length;`,
        `  return require(${JSON.stringify(pluginData)}).default(string, options);`,
        `}`,
      ].join('\n'),
      loader: 'js',
      resolveDir: cli,
    }));
  },
};

// What third-party code bundled here still needs from CommonJS: `require` for optional
// dependencies probed at run time (absent ones fail as they would unbundled), and `__dirname`.
const banner = [
  "import { createRequire as __custodyCreateRequire } from 'node:module';",
  "import { dirname as __custodyDirname } from 'node:path';",
  "import { fileURLToPath as __custodyFileURLToPath } from 'node:url';",
  'const require = __custodyCreateRequire(import.meta.url);',
  'const __custodyFilename = __custodyFileURLToPath(import.meta.url);',
  'const __custodyDir = __custodyDirname(__custodyFilename);',
].join('\n');

// The CycloneDX library probes for optional XML and validation plugins that custody does not
// install; they stay runtime requires that fail and are skipped, as unbundled.
const OPTIONAL = ['libxmljs2', 'xmlbuilder2', 'ajv-formats-draft2019'];

await rm(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: cli,
  entryPoints: { bin: 'dist/bin.js' },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  mainFields: ['module', 'main'],
  minify: !process.env.CUSTODY_BUNDLE_PLAIN,
  keepNames: false,
  sourcemap: 'linked',
  legalComments: 'linked',
  banner: { js: banner },
  // Free uses only: modules that declare their own __dirname (yargs does) keep theirs.
  define: { __dirname: '__custodyDir', __filename: '__custodyFilename' },
  external: OPTIONAL,
  plugins: [versionConstant, bundleLocalRequires, lazyStringWidth],
  metafile: true,
  logLevel: 'warning',
});
// Every import the bundle leaves to run time must be a Node built-in or one of the optional
// packages named above: anything else would be resolved from packages/cli at run time, where
// pnpm's strict node_modules does not have it.
const builtins = new Set(builtinModules);
const left = new Set();
for (const { imports } of Object.values(result.metafile.outputs)) {
  for (const { path, external } of imports) {
    if (!external) continue;
    const bare = path.replace(/^node:/, '');
    if (builtins.has(bare) || builtins.has(bare.split('/')[0]) || OPTIONAL.includes(path)) continue;
    left.add(path);
  }
}
if (left.size > 0) {
  throw new Error(`the bundle would load these at run time, unbundled: ${[...left].join(', ')}`);
}

// Which source modules each output file holds (paths relative to packages/cli), so that tests can
// tell what a command loads from the chunks it loads.
const inputs = {};
for (const [output, { inputs: held }] of Object.entries(result.metafile.outputs)) {
  if (!output.endsWith('.mjs')) continue;
  inputs[output.slice('bundle/'.length)] = Object.keys(held).sort();
}
await writeFile(`${outdir}/inputs.json`, `${JSON.stringify(inputs, null, 1)}\n`);
if (process.argv.includes('--analyze')) {
  const { analyzeMetafile } = await import('esbuild');
  process.stdout.write(await analyzeMetafile(result.metafile));
}
