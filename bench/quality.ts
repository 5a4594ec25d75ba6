import { confusionTable, stageTable } from '../eval/report.js';
import { runEval } from '../eval/run.js';

const f = (n: number | null) => (n === null ? '–' : n.toFixed(3));

/** The tagging figures from `npm run eval`, as a section of BENCHMARKS.md, with how they were made. */
export async function qualitySection(): Promise<string> {
  const r = await runEval();
  const slice = (name: string, s: typeof r.holdout) =>
    `| ${name} | ${s.items} | ${f(s.stage.macroF1)} | ${f(s.stage.accuracy)} | ${f(s.themes.micro.f1)} | ${f(s.themes.macroF1)} |`;
  return `## Tagging quality

Method: ${r.labels} real published UK items (the policy items and funding calls in \`eval/labels.jsonl\`,
titles and summaries as published), each labelled by hand with a stage and its themes following
[docs/labelling-guide.md](docs/labelling-guide.md). A fixed 30% (chosen by a hash of the item id) is held
out: no phrase, weight or setting was chosen by looking at it. The **holdout** row is the honest figure.
\`npm run eval -- --check\` in CI fails if the holdout figures fall below \`eval/baseline.json\`.

| slice | items | stage macro-F1 | stage accuracy | theme micro-F1 | theme macro-F1 |
| --- | --- | --- | --- | --- | --- |
${slice('tune', r.tune)}
${slice('holdout', r.holdout)}

Goals: stage macro-F1 ≥ 0.80 and theme micro-F1 ≥ 0.90 on the holdout slice.

Ablation on the holdout slice (model = naive Bayes over the tagger's features, trained on every tune label
as if they were people's corrections):

| variant | stage macro-F1 | stage accuracy | theme micro-F1 |
| --- | --- | --- | --- |
${r.ablation.map((a) => `| ${a.name} | ${f(a.stageMacroF1)} | ${f(a.stageAccuracy)} | ${f(a.themeMicroF1)} |`).join('\n')}

Learning from corrections: holdout stage macro-F1 as tune labels are fed in as simulated corrections
(averaged over several feeding orders):

| corrections | ${r.learningCurve.map((c) => c.corrections).join(' | ')} |
| --- | ${r.learningCurve.map(() => '---').join(' | ')} |
| stage macro-F1 | ${r.learningCurve.map((c) => f(c.stageMacroF1)).join(' | ')} |

Holdout, per stage:

\`\`\`
${stageTable(r.holdout.stage)}

${confusionTable(r.holdout.stage.confusion)}
\`\`\`
`;
}
