// Bundles the `horizon` command into dist/cli/ (one file plus a chunk per lazily loaded part), run by
// bin/horizon.js. Why: Node 20 spends most of a quick command's start-up resolving and opening the
// ~270 separate modules the compiled output is made of; one file starts about a third sooner (see
// BENCHMARKS.md, "Cold start"). Packages that are native, start worker threads, read files beside
// themselves or are only loaded for a chat platform stay in node_modules and load as before.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * zod's namespace export carries its error messages in 60-odd languages (a third of the settings
 * validation's code, parsed by every command at start-up). Horizon's messages are English and it never
 * switches zod's language, so the bundle keeps English only.
 */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      resolveDir: dirname(args.path),
    }));
  },
};
const outdir = join(root, 'dist', 'cli');
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { horizon: 'app/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  external: [
    'better-sqlite3',
    'pino',
    'pino-pretty',
    '@slack/*',
    'botbuilder',
    'botbuilder-*',
    'botframework-*',
    '@resvg/*',
    'wink-nlp',
    'wink-eng-lite-web-model',
    'rss-parser',
    'iconv-lite',
    'jszip',
  ],
  plugins: [englishOnlyZod],
  // Bundled CommonJS packages call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __horizonRequire } from 'node:module';\nconst require = __horizonRequire(import.meta.url);",
  },
});
