import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { benchAgenda } from './agenda.js';
import { qualitySection } from './quality.js';
import { benchSchedule } from './schedule.js';
import type { BenchResult } from './types.js';

type Suite = { name: string; run: () => Promise<BenchResult[]> };

async function optional(path: string, fn: string): Promise<(() => Promise<BenchResult[]>) | null> {
  try {
    const mod = (await import(path)) as Record<string, () => Promise<BenchResult[]>>;
    return mod[fn] ?? null;
  } catch {
    return null;
  }
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-GB') : String(Math.round(n * 100) / 100);
}

async function main() {
  const suites: Suite[] = [];
  const ingest = await optional('./ingest.js', 'benchIngest');
  const tagging = await optional('./tagging.js', 'benchTagging');
  const sources = await optional('./sources.js', 'benchSources');
  if (ingest) suites.push({ name: 'Ingest', run: ingest });
  if (sources) suites.push({ name: 'Structured sources', run: sources });
  if (tagging) suites.push({ name: 'Tagging', run: tagging });
  suites.push({ name: 'Agenda', run: () => benchAgenda() });
  suites.push({ name: 'Schedule', run: () => benchSchedule() });

  const sections: string[] = [];
  for (const s of suites) {
    process.stderr.write(`bench: ${s.name}…\n`);
    const results = await s.run();
    const rows = results.map(
      (r) =>
        `| ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value)} ${r.unit}` : '–'} | ${r.ratio !== undefined ? `${r.ratio}×` : '–'} | ${r.note ?? ''} |`,
    );
    sections.push(
      `## ${s.name}\n\n| measure | result | baseline (same run) | ratio | note |\n| --- | --- | --- | --- | --- |\n${rows.join('\n')}\n`,
    );
  }
  process.stderr.write('bench: tagging quality…\n');
  sections.push(await qualitySection());
  const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`;
  const peak = Math.round(process.resourceUsage().maxRSS / 1024);
  const text = `# Benchmarks

Written by \`npm run bench\`. Figures are ratios against a baseline measured in the same run, so they
compare across machines; absolute times are for the machine below.

Machine: ${machine}. Run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.
Peak resident memory of the bench runner itself: ${peak} MB (it builds the 100,000-item store in
process; ingest memory is measured in a child process of its own, below).

${sections.join('\n')}
`;
  writeFileSync('BENCHMARKS.md', text);
  process.stdout.write(text);
}

await main();
