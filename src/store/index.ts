// The one store. Every query Horizon makes is a method on the object createStore returns, grouped by
// what it holds; no SQL lives anywhere else (test/architecture/sql.test.ts checks). The interface
// speaks the domain (Feed, FeedItem, Agenda, Topic…) and never a better-sqlite3 type, so another
// backend can implement it (see docs/architecture.md, "The store").
import * as agendas from './agendas.js';
import * as living from './living.js';
import * as channels from './channels.js';
import * as conversations from './conversations.js';
import * as corrections from './corrections.js';
import { type Db, openDb, openForReading, quickCheck } from './db.js';
import * as decisions from './decisions.js';
import * as events from './events.js';
import { backupTo } from './backup.js';
import * as feeds from './feeds.js';
import * as items from './items.js';
import * as leases from './leases.js';
import * as llm from './llm.js';
import * as minutes from './minutes.js';
import * as profile from './profile.js';
import * as replies from './replies.js';
import * as roles from './roles.js';
import * as runs from './runs.js';
import * as settings from './settings.js';
import * as sources from './sources.js';
import * as stories from './stories.js';
import * as topics from './topics.js';

/** A store function with its database handle supplied. */
type Bound<F> = F extends (db: Db, ...args: infer A) => infer R ? (...args: A) => R : never;
type BoundAll<T> = { [K in keyof T]: Bound<T[K]> };

function bind<T extends Record<string, (db: Db, ...args: never[]) => unknown>>(db: Db, fns: T): BoundAll<T> {
  return Object.fromEntries(
    Object.entries(fns).map(([name, fn]) => [name, (...args: never[]) => fn(db, ...args)]),
  ) as BoundAll<T>;
}

function groups(db: Db) {
  return {
    feeds: bind(db, {
      list: feeds.listFeeds,
      get: feeds.getFeed,
      findByUrl: feeds.findFeedByUrl,
      add: feeds.addFeed,
      remove: feeds.removeFeed,
      due: feeds.dueFeeds,
      recordSuccess: feeds.recordFetchSuccess,
      recordFailure: feeds.recordFetchFailure,
      recordWait: feeds.recordFetchWait,
      toAlert: feeds.feedsToAlert,
      markAlerted: feeds.markFeedAlerted,
      updateUrl: feeds.updateFeedUrl,
    }),
    items: bind(db, {
      upsert: items.upsertItems,
      changedKeys: items.changedKeys,
      get: items.getItem,
      inWindow: items.itemsInWindow,
      rankedInWindow: items.rankedInWindow,
      countInWindow: items.countInWindow,
      unrankedInWindow: items.unrankedInWindow,
      byIds: items.itemsByIds,
      byIdsForRanking: items.itemsByIdsForRanking,
      upcomingDeadlines: items.upcomingDeadlines,
      storyCoverage: items.storyCoverage,
      storyCoverageInWindow: stories.storyCoverageInWindow,
      storyCoverageOf: stories.storyCoverageOf,
      setCorrectedStage: items.setCorrectedStage,
      setCorrectedThemes: items.setCorrectedThemes,
      setNotRelevant: items.setNotRelevant,
      retagAll: items.retagAll,
      count: items.countItems,
      ofFeed: items.itemsOfFeed,
      /** Items stored before topics were linked at ingest, for the writer's backfill. */
      unlinked: topics.unlinkedItems,
      linkTopics: topics.linkItems,
      dueRetag: sources.itemsDueRetag,
      saveRetag: sources.saveRetag,
    }),
    /** GOV.UK Content API pages, looked up once per linked page. */
    govukPages: bind(db, {
      get: sources.govukPages,
      save: sources.saveGovukPage,
      touch: sources.touchGovukPage,
    }),
    /** 360Giving grants, for "who recently funded similar work". */
    grants: bind(db, { replace: sources.replaceGrants, since: sources.grantsSince }),
    agendas: bind(db, {
      get: agendas.getAgendaRecord,
      freeze: agendas.freezeAgenda,
      markPosted: agendas.markAgendaPosted,
      overrides: agendas.overrides,
      setOverride: agendas.setOverride,
      revise: living.reviseFrozenAgenda,
    }),
    /** The posting ledger: one row per message per channel. */
    posts: bind(db, {
      get: agendas.getPost,
      claim: agendas.claimPost,
      markDone: agendas.markPostDone,
      markFailed: agendas.markPostFailed,
      markUnknown: agendas.markPostUnknown,
      releaseUnknown: agendas.releaseUnknownPosts,
      unknown: agendas.unknownPosts,
      previousHeader: agendas.previousHeader,
      /** The agenda item whose thread a platform thread is (null: none). */
      itemThread: replies.itemThread,
      itemThreadsForMonth: replies.itemThreadsForMonth,
      shown: living.postShown,
      setShown: living.setPostShown,
    }),
    /** Time-limited claims, so one process posts a channel's agenda and one runs the scheduler. */
    leases: bind(db, {
      acquire: leases.acquireLease,
      renew: leases.renewLease,
      release: leases.releaseLease,
      holder: leases.leaseHolder,
    }),
    channels: bind(db, {
      list: channels.listChannels,
      add: channels.addChannel,
      remove: channels.removeChannel,
      setError: channels.setChannelError,
      seed: channels.seedChannels,
    }),
    conversations: {
      save: (key: string, ref: unknown, now: string) => conversations.saveConversationRef(db, key, ref, now),
      get: <T = unknown>(key: string) => conversations.getConversationRef<T>(db, key),
      list: <T = unknown>() => conversations.listConversationRefs<T>(db),
    },
    corrections: bind(db, {
      add: corrections.insertCorrection,
      lastId: corrections.lastCorrectionId,
      examples: corrections.correctionExamples,
      uncorrectedRecent: corrections.uncorrectedRecent,
    }),
    decisions: bind(db, {
      add: decisions.insertDecision,
      forMonth: decisions.decisionsForMonth,
      recent: decisions.recentDecisions,
      get: decisions.getDecision,
      list: decisions.listDecisions,
      carried: decisions.carriedDecisions,
      setStatus: decisions.setDecisionStatus,
      setDue: decisions.setDecisionDue,
      toRemind: decisions.decisionsToRemind,
      claimReminder: decisions.claimReminder,
    }),
    /** Each month's minutes as first posted (the posts ledger records where, part 'minutes'). */
    minutes: bind(db, {
      get: minutes.getMinutesRecord,
      freeze: minutes.freezeMinutes,
      markPosted: minutes.markMinutesPosted,
    }),
    events: bind(db, { firstTimeSeen: events.firstTimeSeen, prune: events.pruneEvents }),
    llmAnswers: bind(db, { get: llm.getLlmAnswer, put: llm.putLlmAnswer, count: llm.countLlmAnswers }),
    profile: bind(db, { get: profile.getProfile, set: profile.setProfile }),
    /** What people wrote in agenda items' threads, recorded once per message; text kept for the retention period. */
    replies: bind(db, {
      record: replies.recordReply,
      get: replies.getReply,
      edit: replies.editReply,
      delete: replies.deleteReply,
      forMonth: replies.repliesForMonth,
      statsForMonth: replies.replyStatsForMonth,
      purgeText: replies.purgeReplyText,
      deleteMonth: replies.deleteMonthReplies,
    }),
    roles: bind(db, { get: roles.storedRole, set: roles.setRole, list: roles.listRoles }),
    runs: bind(db, { start: runs.startRun, finish: runs.finishRun, last: runs.lastRun }),
    settings: {
      get: <T>(key: string, fallback: T) => settings.getSetting<T>(db, key, fallback),
      set: (key: string, value: unknown, now: string) => settings.setSetting(db, key, value, now),
      withPrefix: <T>(prefix: string) => settings.settingsWithPrefix<T>(db, prefix),
    },
    topics: bind(db, {
      find: topics.findTopic,
      assign: topics.assignTopics,
      refreshMonth: topics.refreshTopicMonths,
      forMonth: topics.topicsForMonth,
      movements: topics.topicMovements,
      list: topics.listTopics,
      rename: topics.renameTopic,
      merge: topics.mergeTopics,
      pin: topics.pinTopic,
    }),
  };
}

export type Store = ReturnType<typeof groups> & {
  /** Runs fn so that all its writes land together or not at all. Nested calls join the outer one. */
  transaction<T>(fn: () => T): T;
  /** A cheap query, for health checks. */
  ping(): void;
  /** SQLite's quick integrity check (pages, not index contents): 'ok', or the first problems found. */
  quickCheck(): string;
  /**
   * Copies the database to file with SQLite's online backup (consistent while another process writes),
   * then checks the copy's integrity; throws, leaving no file, when either fails.
   */
  backup(file: string): Promise<{ pages: number }>;
  readonly open: boolean;
  /** True when opened read-only (see createStore's readonly option). */
  readonly readonly: boolean;
  close(): void;
};

/**
 * Opens (creating if needed) the database at path, brings its schema up to date, and returns the store.
 * With `readonly`, an existing, current database is opened for reading only (commands that only look
 * work on a read-only disk and take no write lock); a missing or outdated one is opened normally.
 */
export function createStore(path: string, opts: { readonly?: boolean } = {}): Store {
  return storeOn(opts.readonly ? openForReading(path) : openDb(path));
}

/** The store over a database already opened with openDb (which owns it from then on). */
export function storeOn(db: Db): Store {
  return {
    ...groups(db),
    transaction: <T>(fn: () => T): T => {
      if (db.inTransaction) return db.transaction(fn)();
      // The outermost transaction recomputes the topic months its writes touched, once, before it commits.
      try {
        return db.transaction(() => {
          const result = fn();
          topics.flushTopicMonths(db);
          return result;
        })();
      } finally {
        topics.flushTopicMonths(db, true);
      }
    },
    ping: () => void db.prepare('SELECT 1').get(),
    quickCheck: () => quickCheck(db),
    backup: (file: string) => backupTo(db, file),
    get open() {
      return db.open;
    },
    get readonly() {
      return db.readonly;
    },
    close: () => db.close(),
  };
}

export { TopicError } from './topics.js';
export type { UpsertResult } from './items.js';
