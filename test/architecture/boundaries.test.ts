import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The boundary rules need no type information; the typed rules (test/architecture/promises.test.ts) would
// refuse these made-up file names, which no tsconfig includes.
const eslint = new ESLint({
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
    },
  },
});

async function problems(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the core knows no chat platform', () => {
  it.each([
    "import { createSlackAdapter } from '../adapters/slack/index.js';",
    "import { App } from '@slack/bolt';",
    "import { CloudAdapter } from 'botbuilder';",
    "import { ConnectorClient } from 'botframework-connector';",
    "import { main } from '../../app/cli/main.js';",
    "export const load = () => import('../../adapters/teams/index.js');",
  ])('lint refuses %s in src/', async (line) => {
    const found = await problems(`${line}\nexport const x = 1;\n`, 'src/commands/example.ts');
    expect(found.join('\n')).toMatch(/^no-restricted-(imports|syntax): .*src\/ knows no chat platform/m);
  });

  it('lets only the store open the database', async () => {
    const line = "import Database from 'better-sqlite3';\nexport const x = Database;\n";
    for (const file of ['src/commands/example.ts', 'app/example.ts', 'adapters/slack/example.ts'])
      expect((await problems(line, file)).join('\n')).toMatch(/Only src\/store\/ talks to the database/);
    expect(await problems(line, 'src/store/example.ts')).toEqual([]);
  });

  it('lets adapters and the composition root import them', async () => {
    const line = "import { App } from '@slack/bolt';\nexport const x = App;\n";
    expect(await problems(line, 'adapters/slack/example.ts')).toEqual([]);
    expect(await problems(line, 'app/example.ts')).toEqual([]);
  });
});

describe('data flows one way', () => {
  it.each([
    "import { contentHash } from '../ingest/normalise.js';",
    "import { createTagger } from '../tagging/index.js';",
    "import { extractTopics } from '../topics/extract.js';",
    "import { selectItems } from '../agenda/select.js';",
  ])('lint refuses %s in src/store/', async (line) => {
    const found = await problems(`${line}\nexport const x = 1;\n`, 'src/store/example.ts');
    expect(found.join('\n')).toMatch(/^no-restricted-imports: .*The store only stores/m);
  });

  it('lets the store name the types the pipeline hands it', async () => {
    const line = "import type { Grant } from '../sources/grants.js';\nexport type X = Grant;\n";
    expect(await problems(line, 'src/store/example.ts')).toEqual([]);
  });

  it('holds today: no file in src/store/ imports logic from ingest, tagging, topics, agenda or sources', async () => {
    const results = await eslint.lintFiles(['src/store/**/*.ts']);
    const found = results.flatMap((r) =>
      r.messages
        .filter((m) => /The store only stores/.test(m.message))
        .map((m) => `${r.filePath}: ${m.message}`),
    );
    expect(found).toEqual([]);
  });
});
