// `npm run bench`: every section, each row against a baseline measured in the same run, printed and
// written to BENCHMARKS.md (and the README's figures). `npm run bench -- agenda slack` runs only those
// sections, for development: it prints them and writes nothing. A section that fails to load or to run
// fails the whole run, by name, with a non-zero exit, and a full run's BENCHMARKS.md says at the top
// which sections failed; nothing is skipped quietly.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { BenchResult, SectionOutput } from './types.js';

interface Section {
  key: string;
  title: string;
  /** Loads the section's module only when it runs, so a broken import names its section. */
  run: () => Promise<SectionOutput>;
}

const SECTIONS: Section[] = [
  // First: a CPU-bound measure of one core, taken before the sections that load the machine. After the
  // ingest and sources sections every tagger here, and wink's baseline with them, measured a fifth to a
  // third slower than on its own, in a process of its own all the same.
  { key: 'tagging', title: 'Tagging', run: async () => (await import('./tagging.js')).benchTagging() },
  {
    key: 'coldstart',
    title: 'Cold start',
    run: async () => (await import('./coldstart.js')).benchColdStart(),
  },
  { key: 'storage', title: 'Storage', run: async () => (await import('./storage.js')).benchStorage() },
  {
    key: 'slack',
    title: 'Slack acknowledgement',
    run: async () => (await import('./slack.js')).benchSlackAck(),
  },
  { key: 'ingest', title: 'Ingest', run: async () => (await import('./ingest.js')).benchIngest() },
  {
    key: 'sources',
    title: 'Structured sources',
    run: async () => (await import('./sources.js')).benchSources(),
  },
  { key: 'agenda', title: 'Agenda', run: async () => (await import('./agenda.js')).benchAgenda() },
  { key: 'schedule', title: 'Schedule', run: async () => (await import('./schedule.js')).benchSchedule() },
  {
    key: 'quality',
    title: 'Tagging quality',
    run: async () => ({ markdown: await (await import('./quality.js')).qualitySection() }),
  },
];

function fmt(n: number): string {
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-GB') : String(Math.round(n * 100) / 100);
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function row(r: BenchResult): string {
  const met = r.met === undefined ? '–' : r.met ? 'met' : '**not met**';
  return `| ${cell(r.name)} | ${fmt(r.value)} ${r.unit} | ${r.baseline ? cell(`${r.baseline.name}: ${fmt(r.baseline.value)} ${r.unit}`) : '–'} | ${r.ratio !== undefined ? `${r.ratio}×` : '–'} | ${cell(r.goal ?? '–')} | ${met} | ${cell(r.note ?? '')} |`;
}

function table(results: BenchResult[]): string {
  return `| measure | result | baseline (same run) | ratio | goal | met | note |
| --- | --- | --- | --- | --- | --- | --- |
${results.map(row).join('\n')}`;
}

/** Problems with a section's output that would make its rows dishonest or empty. */
function problems(out: SectionOutput): string[] {
  if (!Array.isArray(out)) return out.markdown.trim() ? [] : ['it produced no text'];
  if (out.length === 0) return ['it produced no rows'];
  return out.flatMap((r) =>
    !Number.isFinite(r.value)
      ? [`row "${r.name}" has no finite result (${r.value})`]
      : r.baseline && !Number.isFinite(r.baseline.value)
        ? [`row "${r.name}" has no finite baseline`]
        : r.goal !== undefined && r.met === undefined
          ? [`row "${r.name}" has a goal but does not say whether it was met`]
          : [],
  );
}

const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');

/** The README's figures, between these markers, are rewritten from the same run. */
const README_START = '<!-- bench:figures -->';
const README_END = '<!-- /bench:figures -->';

function readmeFigures(date: string, results: { title: string; rows: BenchResult[] }[]): string {
  const rows = results.flatMap((s) =>
    s.rows
      .filter((r) => r.goal)
      .map(
        (r) =>
          `| ${cell(r.name)} | ${fmt(r.value)} ${r.unit} | ${r.ratio !== undefined ? `${r.ratio}×` : '–'} | ${cell(r.goal!)} | ${r.met ? 'met' : 'not met'} |`,
      ),
  );
  return `${README_START}
Measured by \`npm run bench\` on ${date} (2-core machine; every figure, its baseline and the method are in
[BENCHMARKS.md](BENCHMARKS.md)):

| measure | result | ratio to same-run baseline | goal | |
| --- | --- | --- | --- | --- |
${rows.join('\n')}
${README_END}`;
}

async function main(): Promise<number> {
  const asked = process.argv.slice(2).filter((a) => a !== '--');
  const unknown = asked.filter((a) => !SECTIONS.some((s) => s.key === a));
  if (unknown.length) {
    process.stderr.write(
      `bench: no section called ${unknown.join(', ')}. Sections: ${SECTIONS.map((s) => s.key).join(', ')}.\n`,
    );
    return 2;
  }
  const full = asked.length === 0;
  const chosen = full ? SECTIONS : SECTIONS.filter((s) => asked.includes(s.key));
  const started = new Date();
  const loadBefore = load();
  const uptimeBefore = os.uptime();

  const done: { title: string; rows: BenchResult[]; markdown?: string }[] = [];
  const failed: string[] = [];
  for (const s of chosen) {
    process.stderr.write(`bench: ${s.title}…\n`);
    const t = Date.now();
    try {
      const out = await s.run();
      const wrong = problems(out);
      if (wrong.length) throw new Error(wrong.join('; '));
      done.push(
        Array.isArray(out)
          ? { title: s.title, rows: out }
          : { title: s.title, rows: [], markdown: out.markdown },
      );
      process.stderr.write(`bench: ${s.title} done in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      failed.push(`${s.key} (${s.title}): ${message}`);
      process.stderr.write(`bench: ${s.title} FAILED: ${message}\n`);
    }
  }

  const cpus = os.cpus();
  const machine = `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`;
  const date = `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const minutes = Math.round((Date.now() - started.getTime()) / 60_000);
  const peak = Math.round(process.resourceUsage().maxRSS / 1024);
  const unmet = done.flatMap((s) => s.rows.filter((r) => r.met === false).map((r) => r.name));
  const text = `# Benchmarks

Written by \`npm run bench\` from what it measured in one run; nothing here is typed by hand. Each row is
measured against a baseline in the same run (interleaved where both are timed, medians unless a row says
otherwise), so the ratios compare across machines; absolute times are for this machine.

Machine: ${machine}. Run: ${date}, ${minutes} min.
Load average (1, 5, 15 min) when the run began: ${loadBefore}; when it ended: ${load()} (up
${Math.round(uptimeBefore / 3600)} h). The machine is shared: other people's builds and tests may run during
the bench. That noise falls on subject and baseline alike, but absolute figures are slower than on an idle
machine.
Peak resident memory of the bench runner itself: ${peak} MB (sections that measure memory or start-up do
so in child processes of their own).
Goals not met in this run: ${unmet.length ? unmet.length : 'none'}${unmet.length ? ` (${unmet.join('; ')}); each row's note says why` : ''}.
Sections that failed in this run: ${failed.length ? `${failed.map((f) => f.split('\n')[0]).join('; ')}. Their rows are missing below, and the run exited with an error` : 'none'}.

${done.map((s) => (s.markdown ? s.markdown.trim() : `## ${s.title}\n\n${table(s.rows)}`)).join('\n\n')}
`;
  process.stdout.write(text);

  const failures = failed.map((f) => `  - ${f.split('\n')[0]}`).join('\n');
  if (failed.length && !full) {
    process.stderr.write(`\nbench: ${failed.length} section(s) failed:\n${failures}\n`);
    return 1;
  }
  if (!full) {
    process.stderr.write(
      `\nbench: ran ${chosen.map((s) => s.key).join(', ')} only; BENCHMARKS.md is written only by a full run (npm run bench).\n`,
    );
    return 0;
  }
  // A full run writes what it measured even when a section failed, saying so at the top, and still fails.
  writeFileSync('BENCHMARKS.md', text);
  const readme = readFileSync('README.md', 'utf8');
  const a = readme.indexOf(README_START);
  const b = readme.indexOf(README_END);
  if (a < 0 || b < a) {
    process.stderr.write(`bench: README.md has no ${README_START} … ${README_END} block to update.\n`);
    return 1;
  }
  writeFileSync(
    'README.md',
    readme.slice(0, a) + readmeFigures(date, done) + readme.slice(b + README_END.length),
  );
  process.stderr.write('bench: wrote BENCHMARKS.md and the figures in README.md\n');
  if (failed.length) {
    process.stderr.write(
      `\nbench: ${failed.length} section(s) failed; their rows are missing:\n${failures}\n`,
    );
    return 1;
  }
  return 0;
}

process.exitCode = await main();
