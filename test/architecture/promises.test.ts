import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

/** Lints code as if it were an existing file of the core, so the type checker sees it. */
async function rules(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

const ASYNC = 'export async function work(): Promise<void> {}\n';

// The first lint builds the whole program for the type checker: tens of seconds on a busy machine.
describe('promises are never left to fail silently', { timeout: 120_000 }, () => {
  it('refuses a promise nobody awaits', async () => {
    const found = await rules(`${ASYNC}export function start(): void {\n  work();\n}\n`, 'src/log.ts');
    expect(found).toContain('@typescript-eslint/no-floating-promises');
  });

  it('refuses an async callback where a void one is expected', async () => {
    const code = `${ASYNC}export function each(): void {\n  [1].forEach(async () => {\n    await work();\n  });\n}\n`;
    expect(await rules(code, 'adapters/console/index.ts')).toContain(
      '@typescript-eslint/no-misused-promises',
    );
  });

  it('accepts a promise handed on with void or awaited', async () => {
    const code = `${ASYNC}export async function start(): Promise<void> {\n  void work();\n  await work();\n}\n`;
    expect(await rules(code, 'app/demo.ts')).toEqual([]);
  });
});
