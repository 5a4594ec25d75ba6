// Tagging speed over the real items in eval/labels.jsonl (title + summary, about 500 characters each),
// repeated. The baseline is wink-nlp reading the same texts into documents and listing their tokens,
// measured in the same run: what tagging would cost per item if it built a wink document. Time is the
// process's CPU time, not the wall clock, so a busy shared machine slows every row alike.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Stage, TagInput, Tagger } from '../src/domain.js';
import { projectPath } from '../src/paths.js';
import { createTagger, TaggerModel } from '../src/tagging/index.js';
import { type BenchResult, median } from './types.js';

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

/** CPU time of `fn`, in ms: what one core spends, whatever else the machine is running. */
function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/**
 * A full garbage collection, run between rounds and not timed. CPU time counts V8's collector threads,
 * so without it one tagger's round pays for collecting the garbage the round before it left behind
 * (wink's documents are the most, and every round after them slowed by a third). With it each round
 * starts from a clean heap and pays only for its own garbage.
 */
function garbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Items per CPU-second for each tagger, measured in interleaved rounds (one round of each in turn, the
 * median kept), so a burst of load elsewhere on a shared machine hits all of them alike and the
 * ratios hold.
 */
function itemsPerSecond(
  inputs: TagInput[],
  runs: { repeat: number; fn: (input: TagInput) => unknown }[],
): number[] {
  const collectGarbage = garbageCollector();
  for (const r of runs) for (const it of inputs) r.fn(it); // warm caches and the JIT once
  const times = runs.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++)
    runs.forEach((r, i) => {
      collectGarbage();
      times[i]!.push(
        cpuMs(() => {
          for (let k = 0; k < r.repeat; k++) for (const it of inputs) r.fn(it);
        }),
      );
    });
  return runs.map((r, i) => (inputs.length * r.repeat) / (median(times[i]!) / 1000));
}

/**
 * The section, measured in a fresh process of its own, so nothing earlier sections leave in the runner
 * (a grown heap, sockets, timers) counts against it. (The machine itself stays slower for a while after
 * the heavy sections, which is why this one runs first: see bench/run.ts.)
 */
export async function benchTagging(): Promise<BenchResult[]> {
  const out = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), MEASURE],
      { cwd: projectPath(), maxBuffer: 1 << 20 },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
  });
  return JSON.parse(out) as BenchResult[];
}

const MEASURE = '--measure';

if (process.argv[2] === MEASURE)
  measureTagging().then(
    (rows) => process.stdout.write(JSON.stringify(rows)),
    (err: unknown) => {
      process.stderr.write(`bench tagging: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );

async function measureTagging(): Promise<BenchResult[]> {
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
  const rules: Tagger = createTagger();
  const withModel: Tagger = createTagger({ model: TaggerModel.load() });
  const [wink, rulesRate, modelRate] = itemsPerSecond(inputs, [
    { repeat: 2, fn: (i) => nlp.readDoc(`${i.title}. ${i.summary}`).tokens().out(its.value) },
    { repeat: 10, fn: (i) => rules.tag(i) },
    { repeat: 10, fn: (i) => withModel.tag(i) },
  ]) as [number, number, number];

  const baseline = { name: 'wink-nlp readDoc + tokens', value: Math.round(wink) };
  const ratio = (v: number) => Math.round((v / wink) * 10) / 10;
  return [
    {
      name: 'tag items (rules)',
      value: Math.round(rulesRate),
      unit: 'items/s',
      baseline,
      ratio: ratio(rulesRate),
      note: `one core (CPU time, in a process of its own, interleaved rounds, an untimed full garbage collection before each); ${inputs.length} real items, ${avgChars} characters on average`,
    },
    {
      name: 'tag items (trained model, models/tagger-v1.json)',
      value: Math.round(modelRate),
      unit: 'items/s',
      baseline,
      ratio: ratio(modelRate),
      note: `goal ≥ ${GOAL.toLocaleString('en-GB')} items/s; ${modelRate >= GOAL ? 'met' : 'NOT met'}; linear model (logistic regression averaged with NBSVM) over words, rule scores and source, with reasons`,
    },
  ];
}
