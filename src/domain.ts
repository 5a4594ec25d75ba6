// The domain vocabulary shared by every part of Horizon. Nothing here knows about a library or a chat platform.

/** Stages of the policy hype cycle, in the order a policy moves through them. */
export const STAGES = ['trigger', 'peak', 'trough', 'slope', 'plateau'] as const;
export type KnownStage = (typeof STAGES)[number];
export type Stage = KnownStage | 'unknown';
export const ALL_STAGES: readonly Stage[] = [...STAGES, 'unknown'];

export const FEED_KINDS = ['policy', 'funding', 'news', 'research', 'parliament', 'legislation'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export type Role = 'admin' | 'editor' | 'member';
/**
 * Where a person or channel lives: 'slack', 'teams', 'console', or 'cli' for the server's shell. Not a
 * fixed list: each adapter registers its platform (src/chat/platforms.ts), so adding one touches no core file.
 */
export type Platform = string;

/** A theme slug from the taxonomy (`health-care`, `funding`, …). Organisations may add their own. */
export type ThemeSlug = string;

export interface FeedHealth {
  status: 'ok' | 'failing' | 'never-fetched';
  lastFetchedAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  /** When the next attempt is due (ISO). Failing feeds back off exponentially. */
  nextFetchAt: string | null;
  /** When the current run of failures began (ISO), so admins hear only of failures that last. */
  failingSince: string | null;
  /**
   * Not to be asked again before this instant (ISO), because the site said so: Retry-After, Cache-Control
   * max-age or RSS <ttl>. Null when the site asked nothing beyond the normal poll.
   */
  notBefore: string | null;
  /** Why, in words (which header or element, and what it said). */
  waitReason: string | null;
}

export interface Feed {
  id: number;
  url: string;
  title: string;
  kind: FeedKind;
  themes: ThemeSlug[];
  addedBy: string;
  addedAt: string;
  etag: string | null;
  lastModified: string | null;
  health: FeedHealth;
}

export interface NewFeed {
  url: string;
  title?: string;
  kind?: FeedKind;
  themes?: ThemeSlug[];
  addedBy: string;
}

/** An item as it comes out of a feed, cleaned to plain text, before tagging or storage. */
export interface ParsedItem {
  /** Stable identity within its feed: guid, else canonical link, else a hash of title and date. */
  key: string;
  title: string;
  summary: string;
  link: string | null;
  /** The link with host lower-cased and tracking parameters and fragment removed; identifies a story across feeds. */
  canonicalUrl: string | null;
  /** ISO-8601 UTC, or null when the feed gave no usable date. */
  publishedAt: string | null;
  categories: string[];
  /** What a structured source states about the item (GOV.UK's document type and dates, a bill's stage). */
  facts?: SourceFacts;
}

/** What GOV.UK's Content API (or a search result) states about a page, kept as read. */
export interface GovukFacts {
  source: 'govuk';
  /** The GOV.UK page path, e.g. /government/consultations/… */
  path: string;
  documentType: string;
  schemaName: string | null;
  /** Consultation or call for evidence dates (ISO), when it has them. */
  openingDate: string | null;
  closingDate: string | null;
  /** When the government's response (outcome) was published, or null. */
  outcomeAt: string | null;
  withdrawnAt: string | null;
  organisations: string[];
  /** Nations the page applies to, when GOV.UK says (england, wales, scotland, northern-ireland). */
  nations: string[] | null;
  /** Statistics announcements: provisional, confirmed or cancelled; and whether the date moved. */
  statisticsState: string | null;
  releaseDateChanged: boolean;
}

/** What the Bills API states about a bill at one stage. */
export interface BillFacts {
  source: 'parliament-bill';
  billId: number;
  shortTitle: string;
  /** The stage's description as Parliament writes it ("2nd reading", "Royal Assent"). */
  stage: string;
  house: string;
  isAct: boolean;
  withdrawn: boolean;
  defeated: boolean;
}

export type SourceFacts = GovukFacts | BillFacts;

/**
 * A fact a structured source states, turned into evidence for the tagger. A decisive signal settles the
 * stage; one that is not only leans when the words say nothing.
 */
export interface SourceSignal {
  /** The stage the fact points to; null when the fact says nothing about the stage. */
  stage: KnownStage | null;
  decisive: boolean;
  /** As a person reads it: "GOV.UK says: open consultation, closes 12 March". */
  text: string;
  /** A closing date the source states. */
  deadline?: Deadline;
}

export interface Reason {
  /** What kind of evidence: a stage signal, a theme keyword, the source kind, a correction… */
  kind: 'stage' | 'theme' | 'source' | 'model' | 'profile' | 'deadline' | 'amount' | 'correction';
  /** The phrase or fact that matched, as a person would read it. */
  text: string;
  /** Which stage or theme it speaks for. */
  target?: string;
  weight?: number;
}

/** What a deadline closes: a call for funding, or a consultation or call for evidence. */
export const DEADLINE_KINDS = ['funding', 'consultation'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface Deadline {
  /** ISO date (YYYY-MM-DD) of the closing date. */
  date: string;
  /** The text it was read from, so a person can check it. */
  text: string;
  /** Whether it closes a funding call or a consultation, so each lands in the right list. */
  kind: DeadlineKind;
}

export interface Tagging {
  stage: Stage;
  /** 0..1: how sure the tagger is about the stage. */
  confidence: number;
  themes: ThemeSlug[];
  reasons: Reason[];
  deadline: Deadline | null;
  /** The largest amount of money mentioned, in pounds, with the text it came from. */
  amount: { value: number; text: string } | null;
  /** 0..1: how likely the team is to care, when a learned model has enough data to say. */
  relevance?: number;
}

/** A policy or programme an item names: its name as written and the slug that identifies it. */
export interface TopicRef {
  name: string;
  slug: string;
}

/**
 * An item as ingest hands it to the store: parsed, normalised, tagged and with its topics found. The
 * store writes it as it is and works nothing out itself (the pipeline runs one way).
 */
export interface ItemRecord extends ParsedItem {
  /** Identifies this version of the item's content: an unchanged item is not written again. */
  contentHash: string;
  /** Identifies the story across feeds (canonical link, else title). */
  storyKey: string;
  tagging: Tagging;
  /** When the item's source facts next change meaning by the clock, so the writer tags it again then. */
  retagAt: string | null;
  /** The policies and programmes it names, linked when it is stored. */
  topics: TopicRef[];
  /** Its ranking score before coverage, deadlines and the profile (see src/agenda/score.ts). */
  rankScore: number;
}

export interface TagInput {
  id?: string;
  title: string;
  summary: string;
  feedKind?: FeedKind;
  feedThemes?: ThemeSlug[];
  categories?: string[];
  publishedAt?: string | null;
  /** Facts a structured source states (GOV.UK, Parliament); an unambiguous one decides the stage. */
  signals?: SourceSignal[];
}

export interface Tagger {
  tag(input: TagInput): Tagging;
}

/** An item as stored: its parsed content, where it came from, and how it is tagged. */
export interface FeedItem extends ParsedItem {
  id: number;
  feedId: number;
  feedTitle: string;
  feedKind: FeedKind;
  firstSeenAt: string;
  /** publishedAt, or firstSeenAt when the feed gave no date. */
  effectiveAt: string;
  /** True when the item was already in the feed when the feed was added (kept, but never a candidate). */
  backfill: boolean;
  /** Shared by every stored item that is the same story in another feed (canonical URL, else a title hash). */
  storyKey: string;
  tagging: Tagging;
  /** A person's correction of the stage, when there is one; it wins over the tagger. */
  correctedStage: Stage | null;
  notRelevant: boolean;
}

export interface StageGuide {
  stage: Stage;
  label: string;
  /** What the organisation should do at this stage (from the domain's stage table). */
  tactic: string;
  /** The tactic turned into a question for the SMT. */
  prompt: string;
}

export interface AgendaItem {
  itemId: number;
  title: string;
  link: string | null;
  source: string;
  feedKind: FeedKind;
  publishedAt: string | null;
  stage: Stage;
  confidence: number;
  themes: ThemeSlug[];
  /** The themes' names for people ("Health and care"), in the same order as `themes`. */
  themeNames: string[];
  /** Short reasons it was chosen, for the SMT to see. */
  why: string[];
  /** The discussion prompt: the stage's tactic as a question for this organisation. */
  prompt: string;
  deadline: Deadline | null;
  /** True when the deadline has passed (only an item an editor added by hand can be shown so): "Closed 5 Oct 2018". */
  closed?: boolean;
  /** Put on the agenda by an editor after the month was posted: posted on its own, marked as late. */
  late?: boolean;
  /** Taken off the agenda by an editor after it was posted: its message stays, saying so. */
  dropped?: boolean;
  amount: { value: number; text: string } | null;
  /** Number of feeds that carried the same story. */
  coverage: number;
  score: number;
}

export interface AgendaSection {
  stage: Stage;
  guide: StageGuide;
  items: AgendaItem[];
}

export interface AgendaDeadline {
  /** Funding calls and consultations are listed apart. */
  kind: DeadlineKind;
  itemId: number;
  title: string;
  link: string | null;
  source: string;
  deadline: Deadline;
  amount: { value: number; text: string } | null;
  daysLeft: number;
}

export type DecisionKind = 'decision' | 'action';
export const DECISION_KINDS: readonly DecisionKind[] = ['decision', 'action'];
export type DecisionStatus = 'open' | 'done' | 'dropped';
export const DECISION_STATUSES: readonly DecisionStatus[] = ['open', 'done', 'dropped'];

export interface Decision {
  id: number;
  itemId: number;
  itemTitle: string;
  month: string;
  kind: DecisionKind;
  decision: string;
  /** A person's id on the platform it was recorded on (Slack U…, Teams Entra id), or a name typed in a shell. */
  owner: string | null;
  /** The owner's display name where it is known; Teams needs it to write a mention. */
  ownerName: string | null;
  dueDate: string | null;
  status: DecisionStatus;
  statusChangedAt: string | null;
  platform: Platform;
  recordedBy: string;
  recordedAt: string;
  remindedAt: string | null;
}

export interface UndecidedItem {
  itemId: number;
  title: string;
  link: string | null;
  replies: number;
}

export interface TopicMovement {
  topic: string;
  from: Stage | null;
  to: Stage;
}

export interface Agenda {
  /** YYYY-MM */
  month: string;
  generatedAt: string;
  sections: AgendaSection[];
  /** Coming deadlines, soonest first; each has a kind (funding or consultation) to list it under. */
  deadlines: AgendaDeadline[];
  /** Every stage's label, tactic and prompt, from the one taxonomy in use. */
  guides: Record<Stage, StageGuide>;
  /** Feeds that are failing, as short "title: reason" lines. */
  feedsNeedingAttention: { feedId: number; title: string; reason: string }[];
  /** Last month's decisions and actions, and older ones still open, each with its status when this was built. */
  lastMonthDecisions: Decision[];
  /** Last month's items that were discussed in their threads but have no decision (absent on older agendas). */
  lastMonthUndecided?: UndecidedItem[];
  movements: TopicMovement[];
  counts: Record<Stage, number>;
  /** How many candidate items there were before the cap. */
  candidateCount: number;
}

export function agendaItems(agenda: Agenda): AgendaItem[] {
  return agenda.sections.flatMap((s) => s.items);
}

/** An agenda item as the minutes report it. */
export interface MinutesItem {
  itemId: number;
  title: string;
  link: string | null;
  stage: Stage;
  /** The stage's label, for the one line an undiscussed item gets. */
  stageLabel: string;
  replies: number;
  /** Who wrote in its thread, by platform id, in the order they first did. */
  participants: string[];
  decisions: Decision[];
}

/** A month's minutes: what was discussed, decided and left alone. */
export interface Minutes {
  /** YYYY-MM */
  month: string;
  generatedAt: string;
  /** Items with replies or a decision, most discussed first. */
  discussed: MinutesItem[];
  /** Every decision and action recorded for the month, open ones first. */
  decisions: Decision[];
  /** Agenda items nobody wrote about and nothing was decided on, in agenda order. */
  undiscussed: MinutesItem[];
  /** Everyone who wrote in any thread, in the order they first did. */
  participants: string[];
  totalReplies: number;
}
