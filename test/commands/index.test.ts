import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.js';
import { findCommand } from '../../src/commands/run.js';
import type { CommandSpec } from '../../src/commands/types.js';
import { projectPath } from '../../src/paths.js';

const dir = projectPath('src', 'commands');

describe('the command list', () => {
  it('holds every command file under src/commands/<group>/, each once', async () => {
    const files = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(dir, d.name)).map((f) => join(dir, d.name, f)));
    const specs: CommandSpec[] = [];
    for (const file of files) {
      const mod = (await import(file)) as { default?: CommandSpec };
      if (mod.default?.path) specs.push(mod.default);
    }
    expect(specs.length).toBeGreaterThan(20);
    expect(new Set(specs)).toEqual(new Set(COMMANDS));
    expect(new Set(COMMANDS.map((c) => c.path.join(' '))).size).toBe(COMMANDS.length);
  });

  it('selects a sub-command before its parent, and a parent by its alias', () => {
    expect(findCommand(['schedule', 'set', 'x'])?.spec.path).toEqual(['schedule', 'set']);
    expect(findCommand(['schedule'])?.spec.path).toEqual(['schedule']);
    expect(findCommand(['topics'])?.spec.path).toEqual(['topics', 'list']);
    expect(findCommand(['Topics', 'PIN', 'x'])?.spec.path).toEqual(['topics', 'pin']);
    expect(findCommand(['frobnicate'])).toBeUndefined();
  });
});
