// Turns evaluation figures into the plain-text tables `npm run eval` prints.
import type { ClassScore, Confusion, MultiLabelReport, SingleLabelReport } from './metrics.js';

export const fmt = (x: number): string => x.toFixed(3);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function scoreRows(perClass: Record<string, ClassScore>, order: readonly string[]): string[][] {
  return order
    .filter((l) => perClass[l] && (perClass[l].support > 0 || perClass[l].predicted > 0))
    .map((l) => {
      const s = perClass[l]!;
      return [l, fmt(s.precision), fmt(s.recall), fmt(s.f1), String(s.support), String(s.predicted)];
    });
}

export function stageTable<L extends string>(r: SingleLabelReport<L>): string {
  return [
    table(
      ['stage', 'precision', 'recall', 'F1', 'gold', 'tagged'],
      scoreRows(r.perClass, r.confusion.labels),
    ),
    `stage macro-F1 ${fmt(r.macroF1)}   accuracy ${fmt(r.accuracy)}   (${r.items} items)`,
  ].join('\n');
}

export function confusionTable<L extends string>(c: Confusion<L>): string {
  const rows = c.labels.map((gold, i) => [
    gold,
    ...c.matrix[i]!.map(String),
    String(c.matrix[i]!.reduce((a, b) => a + b, 0)),
  ]);
  return `rows: gold stage; columns: tagged stage\n${table(['gold \\ tagged', ...c.labels, 'total'], rows)}`;
}

export function themeTable(r: MultiLabelReport): string {
  const order = Object.keys(r.perClass).sort();
  return [
    table(['theme', 'precision', 'recall', 'F1', 'gold', 'tagged'], scoreRows(r.perClass, order)),
    `theme micro P/R/F1 ${fmt(r.micro.precision)} / ${fmt(r.micro.recall)} / ${fmt(r.micro.f1)}   macro-F1 ${fmt(r.macroF1)}`,
  ].join('\n');
}

export function simpleTable(header: string[], rows: string[][]): string {
  return table(header, rows);
}
