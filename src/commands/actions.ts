import type { Horizon } from '../context.js';
import type { Agenda, Decision, DecisionKind, Feed, Stage } from '../domain.js';
import { ALL_STAGES, DECISION_KINDS } from '../domain.js';
import { currentMonth } from '../agenda/build.js';
import { nextAgendaAt } from '../schedule/settings.js';
import { isCalendarDate, isMonth } from '../time.js';
import { feedsAdd, feedsBrokenFirst } from './feeds/shared.js';
import { agendaFor } from './agenda/shared.js';
import { readUser } from './references.js';
import { fail, ok } from './reply.js';
import { forbidden, hasRole } from './roles.js';
import { commandAt } from './run.js';
import type { CommandContext, Reply } from './types.js';

/**
 * Buttons and forms do what a typed command does, so they need the role that command needs: the
 * command list decides, here as everywhere.
 */
function refused(h: Horizon, ctx: CommandContext, command: string, what: string): Reply | null {
  const { role } = commandAt(command);
  return hasRole(h, ctx, role) ? null : forbidden(h, ctx, role, what);
}

export interface DecisionInput {
  itemId: number;
  month: string;
  decision: string;
  kind?: DecisionKind;
  /** A person's id (from a user picker), or what was typed after --owner. */
  owner?: string | null;
  /** The owner's name where the platform gave it (Teams needs it for a mention). */
  ownerName?: string | null;
  dueDate?: string | null;
}

export function recordDecision(h: Horizon, ctx: CommandContext, input: DecisionInput): Reply {
  const no = refused(h, ctx, 'decide', 'record decisions');
  if (no) return no;
  const item = h.store.items.get(input.itemId);
  if (!item) return fail(`No item #${input.itemId}.`, 'It may have been removed; check "agenda preview".');
  const decision = input.decision.trim();
  if (!decision)
    return fail(
      'Write down what was decided.',
      'For example: "Respond to the consultation; draft by 12 March".',
    );
  if (decision.length > 2000)
    return fail(
      'That decision is too long.',
      'Keep it under 2,000 characters; link to a document for detail.',
    );
  const kind = input.kind ?? 'decision';
  if (!DECISION_KINDS.includes(kind))
    return fail(`"${String(kind)}" is not a kind of decision.`, 'Use decision or action.', { exitCode: 2 });
  const due = input.dueDate?.trim() || null;
  if (due && !isCalendarDate(due))
    return fail(`"${due}" is not a date.`, 'Use YYYY-MM-DD, a real day, for example 2026-03-31.', {
      exitCode: 2,
    });
  if (!isMonth(input.month)) return fail(`"${input.month}" is not a month.`, 'Use YYYY-MM.');
  const owner = readOwner(ctx, input.owner);
  if (!owner.ok) return owner.reply;
  const saved: Decision = h.store.decisions.add(
    {
      itemId: item.id,
      month: input.month,
      kind,
      decision,
      owner: owner.id,
      ownerName: input.ownerName?.trim().slice(0, 200) || owner.name,
      dueDate: due,
      platform: ctx.platform,
      recordedBy: ctx.userId,
    },
    h.now().toISOString(),
  );
  const label = kind === 'action' ? 'Action' : 'Decision';
  return ok(
    `${label} #${saved.id} recorded for “${item.title}”.`,
    [
      {
        type: 'fields',
        fields: [
          { label, value: saved.decision },
          ...(saved.owner ? [{ label: 'Owner', value: ownerText(saved) }] : []),
          ...(saved.dueDate ? [{ label: 'Due', value: saved.dueDate }] : []),
        ],
      },
    ],
    { data: saved, visibility: 'channel', ...(owner.mention ? { mentions: [owner.mention] } : {}) },
  );
}

/**
 * An owner as typed or picked: a platform's person id (`<@U0123>`, an Entra GUID) is kept as the id, so
 * the owner is mentioned and reminded; a plain name (typed in a shell) is kept as written, shown as text.
 */
function readOwner(
  ctx: CommandContext,
  typed: string | null | undefined,
):
  { ok: true; id: string | null; name: string | null; mention: string | null } | { ok: false; reply: Reply } {
  const text = typed?.trim() ?? '';
  if (!text) return { ok: true, id: null, name: null, mention: null };
  const person = readUser(ctx, text);
  if (person.ok) return { ok: true, id: person.value, name: null, mention: person.value };
  if (/[<>@|]/.test(text) || text.length > 100)
    return {
      ok: false,
      reply: fail(
        `"${text.slice(0, 100)}" is not a person I can read.`,
        'Pick the owner in the form, mention them (@name), or type their name without symbols.',
        { exitCode: 2 },
      ),
    };
  return { ok: true, id: text, name: text, mention: null };
}

/** The owner as plain text: the name where known, else the id (which chat adapters show as a mention). */
export function ownerText(d: Pick<Decision, 'owner' | 'ownerName'>): string {
  return d.ownerName ?? d.owner ?? '';
}

export function changeStage(h: Horizon, ctx: CommandContext, itemId: number, stage: Stage): Reply {
  const no = refused(h, ctx, 'tag', 'change stages');
  if (no) return no;
  if (!ALL_STAGES.includes(stage))
    return fail(`"${stage}" is not a stage.`, `Use one of: ${ALL_STAGES.join(', ')}.`);
  const item = h.store.items.get(itemId);
  if (!item) return fail(`No item #${itemId}.`, 'Item ids are shown as #123 in "agenda preview".');
  h.store.transaction(() => {
    h.store.items.setCorrectedStage(itemId, stage);
    h.store.corrections.add(
      { itemId, kind: 'stage', value: stage, platform: ctx.platform, userId: ctx.userId },
      h.now().toISOString(),
    );
  });
  const was = item.correctedStage ?? item.tagging.stage;
  return ok(
    `“${item.title}” is now at ${stage}${was !== stage ? ` (was ${was})` : ''}. Thanks: Horizon learns from this.`,
    [],
    {
      data: { itemId, stage, was },
    },
  );
}

/** At most this many themes per item, as the labelling guide and the tagger keep it. */
export const MAX_ITEM_THEMES = 3;

/**
 * Reads a list of theme slugs as people type it ("housing, welfare", "housing welfare", "none") and
 * checks it against the taxonomy in use. Returns the slugs, or what is wrong and how to fix it.
 */
export function parseThemeList(
  raw: string,
  known: readonly string[],
): { themes: string[] } | { problem: string; hint: string } {
  const words = raw
    .split(/[\s,]+/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  const all = `Themes: ${known.join(', ')}; or "none".`;
  if (words.length === 0) return { problem: 'Say which themes.', hint: all };
  if (words.length === 1 && words[0] === 'none') return { themes: [] };
  const unknown = words.filter((w) => !known.includes(w));
  if (unknown.length > 0) {
    const near = unknown.map((w) => closest(w, known)).filter((x): x is string => x !== null);
    return {
      problem: `${unknown.map((w) => `"${w}"`).join(', ')} ${unknown.length === 1 ? 'is not a theme' : 'are not themes'}.`,
      hint: `${near.length > 0 ? `Did you mean ${[...new Set(near)].join(', ')}? ` : ''}${all}`,
    };
  }
  const themes = [...new Set(words)];
  if (themes.length > MAX_ITEM_THEMES)
    return {
      problem: `${themes.length} themes is too many.`,
      hint: `Give at most ${MAX_ITEM_THEMES}: the main subjects the team would file the item under.`,
    };
  return { themes };
}

/** The known slug nearest a mistyped one (a few letters off, or one contains the other), if any. */
function closest(word: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const k of known) {
    const d = k.includes(word) || word.includes(k) ? 1 : editDistance(word, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Sets an item's themes: stored as a correction the tagger fine-tunes from (the same record Slack,
 * Teams and the CLI feed for stages), and shown on the item from then on.
 */
export function changeThemes(h: Horizon, ctx: CommandContext, itemId: number, raw: string): Reply {
  const no = refused(h, ctx, 'tag', 'change themes');
  if (no) return no;
  const parsed = parseThemeList(
    raw,
    h.taxonomy.themes.map((t) => t.slug),
  );
  if ('problem' in parsed) return fail(parsed.problem, parsed.hint);
  const item = h.store.items.get(itemId);
  if (!item) return fail(`No item #${itemId}.`, 'Item ids are shown as #123 in "agenda preview".');
  const { themes } = parsed;
  const was = item.tagging.themes;
  h.store.transaction(() => {
    h.store.items.setCorrectedThemes(itemId, themes);
    h.store.corrections.add(
      { itemId, kind: 'themes', value: JSON.stringify(themes), platform: ctx.platform, userId: ctx.userId },
      h.now().toISOString(),
    );
  });
  const list = (t: readonly string[]) => (t.length > 0 ? t.join(', ') : 'no theme');
  const same = was.length === themes.length && was.every((t) => themes.includes(t));
  return ok(
    `“${item.title}” now has ${list(themes)}${same ? '' : ` (was ${list(was)})`}. Thanks: Horizon learns from this.`,
    [],
    { data: { itemId, themes, was } },
  );
}

/** Lifts a "not relevant" mark, and tells the learner the team changed its mind. */
export function liftNotRelevant(h: Horizon, ctx: CommandContext, itemId: number): void {
  h.store.transaction(() => {
    h.store.items.setNotRelevant(itemId, false);
    h.store.corrections.add(
      { itemId, kind: 'not-relevant', value: 'false', platform: ctx.platform, userId: ctx.userId },
      h.now().toISOString(),
    );
  });
}

/** `tag ITEM_ID relevant`: undoes "not relevant", so the item can be on an agenda again. */
export function markRelevant(h: Horizon, ctx: CommandContext, itemId: number): Reply {
  const no = refused(h, ctx, 'tag', 'change what is marked not relevant');
  if (no) return no;
  const item = h.store.items.get(itemId);
  if (!item) return fail(`No item #${itemId}.`, 'Item ids are shown as #123 in "agenda preview".');
  if (!item.notRelevant) return ok(`“${item.title}” was not marked not relevant; nothing to undo.`);
  liftNotRelevant(h, ctx, itemId);
  return ok(
    `“${item.title}” is relevant again: it can be on an agenda. Put it on this month’s with "agenda add ${itemId}".`,
    [],
    { data: { itemId } },
  );
}

export function markNotRelevant(h: Horizon, ctx: CommandContext, itemId: number): Reply {
  const no = refused(h, ctx, 'tag', 'mark items not relevant');
  if (no) return no;
  const item = h.store.items.get(itemId);
  if (!item) return fail(`No item #${itemId}.`, 'Item ids are shown as #123 in "agenda preview".');
  h.store.transaction(() => {
    h.store.items.setNotRelevant(itemId, true);
    h.store.corrections.add(
      { itemId, kind: 'not-relevant', value: 'true', platform: ctx.platform, userId: ctx.userId },
      h.now().toISOString(),
    );
  });
  return ok(
    `Marked “${item.title}” not relevant. It will stay off future agendas, and similar items will rank lower. To undo: "tag ${itemId} relevant".`,
    [],
    {
      data: { itemId },
    },
  );
}

export async function addFeedFromForm(
  h: Horizon,
  ctx: CommandContext,
  input: { url: string; kind?: string; themes?: string[] },
): Promise<Reply> {
  const no = refused(h, ctx, 'feeds add', 'add feeds');
  if (no) return no;
  return feedsAdd(h, ctx, input);
}

export interface HomeData {
  nextAgendaAt: string | null;
  month: string;
  draft: Agenda;
  /** True once the month's agenda has been frozen for posting. */
  posted: boolean;
  feeds: Feed[];
  decisions: Decision[];
}

/** What a person sees on the bot's home page: the next agenda, this month's draft, feed health, decisions. */
export async function homeView(h: Horizon, _ctx: CommandContext): Promise<HomeData> {
  const month = currentMonth(h);
  const { agenda, frozen } = agendaFor(h, month);
  return {
    nextAgendaAt: nextAgendaAt(h)?.toISOString() ?? null,
    month,
    draft: agenda,
    posted: frozen,
    feeds: feedsBrokenFirst(h.store.feeds.list()),
    // What still needs doing, soonest due first: what a member opening Horizon most needs to see.
    decisions: h.store.decisions.list({ status: 'open', limit: 8 }),
  };
}
