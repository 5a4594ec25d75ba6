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
  // Bundled CommonJS packages call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __horizonRequire } from 'node:module';\nconst require = __horizonRequire(import.meta.url);",
  },
});
