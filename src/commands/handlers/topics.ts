import type { Horizon } from '../../context.js';
import { currentMonth } from '../../agenda/build.js';
import { linkMonthTopics } from '../../agenda/enrich.js';
import { getProfile, type OrgProfile, setProfile } from '../../profile/profile.js';
import { listTopics, mergeTopics, pinTopic, renameTopic, topicsForMonth } from '../../topics/index.js';
import { fail, ok } from '../reply.js';
import type { Reply } from '../types.js';

export function topicsList(h: Horizon): Reply {
  const month = currentMonth(h);
  linkMonthTopics(h, month);
  const thisMonth = topicsForMonth(h.db, month);
  const all = listTopics(h.db);
  if (all.length === 0)
    return ok('No topics yet.', [], {
      hint: 'Topics appear as items name programmes, acts, funds and strategies.',
      data: [],
    });
  return ok(
    `${thisMonth.length} topic${thisMonth.length === 1 ? '' : 's'} this month, ${all.length} in all`,
    [
      {
        type: 'list',
        heading: 'This month',
        items: thisMonth.slice(0, 30).map((t) => ({
          text: `${t.pinned ? '📌 ' : ''}${t.name} (${t.slug})`,
          detail: `${t.stage}${t.movedFrom && t.movedFrom !== t.stage ? `, was ${t.movedFrom}` : ''} · ${t.itemCount} item${t.itemCount === 1 ? '' : 's'}`,
        })),
      },
    ],
    {
      data: { month, thisMonth, all },
      hint: 'Editors: topics rename SLUG "New name" · topics merge FROM INTO · topics pin SLUG',
    },
  );
}

/** Rename, merge, pin and unpin: an editor's corrections of how items are grouped into policies. */
export function topicsEdit(h: Horizon, action: string, a: string | undefined, b: string | undefined): Reply {
  try {
    switch (action) {
      case 'rename': {
        if (!a || !b) return fail('Give the topic and its new name.', 'Usage: topics rename SLUG "New name"');
        const t = renameTopic(h.db, a, b);
        return ok(`Renamed to “${t.name}”.`);
      }
      case 'merge': {
        if (!a || !b)
          return fail(
            'Give the topic to merge and the one to keep.',
            'Usage: topics merge FROM_SLUG INTO_SLUG',
          );
        const t = mergeTopics(h.db, a, b);
        return ok(`Merged ${a} into “${t.name}”.`);
      }
      case 'pin':
      case 'unpin': {
        if (!a) return fail('Which topic?', `Usage: topics ${action} SLUG`);
        const t = pinTopic(h.db, a, action === 'pin');
        return ok(action === 'pin' ? `Pinned “${t.name}”: it shows every month.` : `Unpinned “${t.name}”.`);
      }
      default:
        return fail(`I can't "${action}" a topic.`, 'Use: topics list | rename | merge | pin | unpin');
    }
  } catch (err) {
    return fail((err as Error).message, 'See "topics" for the slugs.');
  }
}

function profileFields(p: OrgProfile) {
  const show = (v: string[]) => (v.length ? v.join(', ') : '(none)');
  return [
    { label: 'Mission keywords', value: show(p.missionKeywords) },
    { label: 'Beneficiary groups', value: show(p.beneficiaryGroups) },
    { label: 'Themes', value: show(p.themes) },
    { label: 'Places', value: show(p.places) },
  ];
}

export function profileShow(h: Horizon): Reply {
  const p = getProfile(h.db);
  return ok(
    'Organisation profile (used to rank the agenda)',
    [{ type: 'fields', fields: profileFields(p) }],
    {
      data: p,
      hint: 'Admins: profile set --mission "carers, respite" --beneficiaries "young carers" --themes social-care --places "Leeds"',
    },
  );
}

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

export function profileSet(
  h: Horizon,
  values: { mission?: string; beneficiaries?: string; themes?: string; places?: string },
): Reply {
  if (Object.values(values).every((v) => v === undefined)) {
    return fail(
      'Say what to set.',
      'Usage: profile set [--mission "a, b"] [--beneficiaries "…"] [--themes slug,slug] [--places "…"]',
    );
  }
  try {
    const p = setProfile(
      h.db,
      {
        missionKeywords: list(values.mission),
        beneficiaryGroups: list(values.beneficiaries),
        themes: list(values.themes),
        places: list(values.places),
      },
      h.now().toISOString(),
    );
    return ok(
      'Profile saved. The next agenda ranks items that match it higher, and says why.',
      [{ type: 'fields', fields: profileFields(p) }],
      { data: p },
    );
  } catch (err) {
    return fail((err as Error).message, 'Fix the value and try again.');
  }
}
