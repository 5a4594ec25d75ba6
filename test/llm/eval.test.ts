import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatLlmReport, runLlmEval, type GoldItem } from '../../eval/llm.js';
import { silentLogger } from '../../src/log.js';
import { projectPath } from '../../src/paths.js';
import { answerReply, openAiServer } from './openai-server.js';
import { cleanup, onCleanup, taxonomy, tempDir } from './helpers.js';

afterEach(cleanup);

const slugs = new Set(taxonomy.themes.map((t) => t.slug));
const gold: GoldItem[] = readFileSync(projectPath('eval', 'labels.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as GoldItem)
  .filter((g) => g.themes.every((t) => slugs.has(t)))
  .slice(0, 8);

describe('npm run eval -- --llm', () => {
  it('says no model is configured when HORIZON_LLM_URL is not set', async () => {
    expect(await runLlmEval({ items: gold, env: {}, log: silentLogger })).toBeNull();
  });

  it('scores the model, the local tagger and the blend on the same items, and reruns from the cache', async () => {
    const byTitle = new Map(gold.map((g) => [g.title, g]));
    // A model that answers every item with its gold label: the figures must say so.
    const s = await openAiServer((req) => {
      const g = byTitle.get(req.item?.title ?? '');
      return answerReply({ stage: g?.stage ?? 'unknown', themes: g?.themes ?? [] });
    });
    onCleanup(() => s.close());
    const env = {
      HORIZON_LLM_URL: s.baseUrl,
      HORIZON_LLM_MODEL: 'gpt-4o-mini',
      HORIZON_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
    };
    const cachePath = join(tempDir(), 'cache.db');
    const report = (await runLlmEval({ items: gold, env, cachePath, log: silentLogger }))!;
    expect(report.items).toBe(gold.length);
    expect(report.answered).toBe(gold.length);
    const alone = report.rows.find((r) => r.name === 'language model alone')!;
    expect(alone.stageAccuracy).toBe(1);
    expect(alone.themeMicroF1).toBe(1);
    const local = report.rows.find((r) => r.name === 'local tagger')!;
    const blend = report.rows.find((r) => r.name === 'blend')!;
    expect(blend.stageAccuracy).toBeGreaterThanOrEqual(local.stageAccuracy);
    expect(blend.themeRecall).toBe(1);
    expect(formatLlmReport(report)).toMatch(/language model alone\s+8\s+/);

    const again = (await runLlmEval({ items: gold, env, cachePath, limit: 3, log: silentLogger }))!;
    expect(again.items).toBe(3);
    expect(again.stats).toMatchObject({ calls: 0, cached: 3 });
    expect(s.requests).toHaveLength(gold.length);
  });
});
