// Tagging speed over the real items in eval/labels.jsonl (title + summary, about 500 characters each),
// repeated. The baseline is wink-nlp reading the same texts into documents and listing their tokens,
// measured in the same run: what tagging would cost per item if it built a wink document.
import { readFileSync } from 'node:fs';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Stage, TagInput, Tagger } from '../src/domain.js';
import { projectPath } from '../src/paths.js';
import { createTagger, TaggerModel } from '../src/tagging/index.js';
import { type BenchResult, median, timeMs } from './types.js';

const ROUNDS = 7;
const GOAL = 20_000;

interface Row {
  title: string;
  summary: string;
  source_kind: TagInput['feedKind'];
  stage: Stage;
}

function loadItems(): Row[] {
  return readFileSync(projectPath('eval', 'labels.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);
}

function itemsPerSecond(inputs: TagInput[], repeat: number, fn: (input: TagInput) => unknown): number {
  fn(inputs[0]!); // warm caches once
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    times.push(
      timeMs(() => {
        for (let k = 0; k < repeat; k++) for (const it of inputs) fn(it);
      }),
    );
  }
  return (inputs.length * repeat) / (median(times) / 1000);
}

export async function benchTagging(): Promise<BenchResult[]> {
  const rows = loadItems();
  const inputs: TagInput[] = rows.map((r) => ({
    title: r.title,
    summary: r.summary,
    feedKind: r.source_kind,
  }));
  const avgChars = Math.round(
    inputs.reduce((n, i) => n + i.title.length + i.summary.length, 0) / inputs.length,
  );

  const nlp = winkNLP(model, []);
  const its = nlp.its;
  const wink = itemsPerSecond(inputs, 2, (i) =>
    nlp.readDoc(`${i.title}. ${i.summary}`).tokens().out(its.value),
  );

  const rules: Tagger = createTagger();
  const rulesRate = itemsPerSecond(inputs, 20, (i) => rules.tag(i));

  const trained = TaggerModel.load();
  const withModel: Tagger = createTagger({ model: trained });
  const modelRate = itemsPerSecond(inputs, 20, (i) => withModel.tag(i));

  const baseline = { name: 'wink-nlp readDoc + tokens', value: Math.round(wink) };
  const ratio = (v: number) => Math.round((v / wink) * 10) / 10;
  return [
    {
      name: 'tag items (rules)',
      value: Math.round(rulesRate),
      unit: 'items/s',
      baseline,
      ratio: ratio(rulesRate),
      note: `one core; ${inputs.length} real items, ${avgChars} characters on average`,
    },
    {
      name: 'tag items (trained model, models/tagger-v1.json)',
      value: Math.round(modelRate),
      unit: 'items/s',
      baseline,
      ratio: ratio(modelRate),
      note: `goal ≥ ${GOAL.toLocaleString('en-GB')} items/s; ${modelRate >= GOAL ? 'met' : 'NOT met'}; logistic regression over words, rule scores and source, with reasons`,
    },
  ];
}
