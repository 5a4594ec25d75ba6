#!/usr/bin/env node
// The CLI is bundled into dist/cli/ (scripts/bundle-cli.mjs, so it starts quickly); `npm install` builds
// it (the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/horizon.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error(
    'Horizon is not built yet. Run `npm install` (or `npm run build`) in the project folder first.',
  );
  process.exit(1);
}
// Settings from ./.env; variables already set in the environment win.
if (existsSync('.env')) process.loadEnvFile('.env');
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
