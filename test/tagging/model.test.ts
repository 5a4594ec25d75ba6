import { storeItems } from '../../src/ingest/records.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Feed, ParsedItem } from '../../src/domain.js';
import { createStore, type Store as Db } from '../../src/store/index.js';
import { isPlainWord } from '../../src/tagging/plain-words.js';
import { createTagger, features, TaggerModel } from '../../src/tagging/index.js';
import {
  CorrectionModel,
  learningTagger,
  loadLearnedModel,
  MIN_NOT_RELEVANT,
  MIN_STAGE_EXAMPLES,
} from '../../src/tagging/learned.js';
import { NaiveBayes } from '../../src/tagging/model.js';
import { loadLabels } from '../../eval/labels.js';

type Fruit = 'citrus' | 'berry';

/** A toy set that words alone separate: citrus items mention peel and juice, berries seeds and jam. */
const toySet: [string[], Fruit][] = [
  [['peel', 'juice', 'sour'], 'citrus'],
  [['peel', 'zest', 'juice'], 'citrus'],
  [['juice', 'sour', 'zest'], 'citrus'],
  [['seeds', 'jam', 'sweet'], 'berry'],
  [['jam', 'bush', 'seeds'], 'berry'],
  [['sweet', 'bush', 'jam'], 'berry'],
];

function trained(examples = toySet): NaiveBayes<Fruit> {
  const nb = new NaiveBayes<Fruit>(['citrus', 'berry']);
  for (const [f, l] of examples) nb.learn(f, l);
  return nb;
}

describe('NaiveBayes', () => {
  it('learns a separable set and labels unseen mixtures of its words', () => {
    const nb = trained();
    expect(nb.predict(['peel', 'sour']).label).toBe('citrus');
    expect(nb.predict(['seeds', 'bush']).label).toBe('berry');
    expect(nb.predict(['zest', 'juice', 'jam']).label).toBe('citrus');
  });

  it('gives probabilities that sum to one and favour the learned label', () => {
    const s = trained().scores(['jam', 'seeds']);
    expect(s.citrus + s.berry).toBeCloseTo(1, 10);
    expect(s.berry).toBeGreaterThan(0.8);
  });

  it('is uniform before it has learned anything, and for features it has never seen', () => {
    const empty = new NaiveBayes<Fruit>(['citrus', 'berry']);
    expect(empty.scores(['peel'])).toEqual({ citrus: 0.5, berry: 0.5 });
    const balanced = trained();
    expect(balanced.scores(['kiwi', 'mango']).citrus).toBeCloseTo(0.5, 10);
  });

  it('counts a repeated feature once per example', () => {
    const nb = trained();
    expect(nb.scores(['jam', 'jam', 'jam'])).toEqual(nb.scores(['jam']));
  });

  it('learns incrementally: one more example moves a borderline text', () => {
    const nb = trained();
    const before = nb.scores(['tart']).citrus;
    nb.learn(['tart', 'juice'], 'citrus');
    expect(nb.scores(['tart']).citrus).toBeGreaterThan(before);
    expect(nb.examples()).toBe(7);
    expect(nb.examples('citrus')).toBe(4);
  });

  it('forgets an example exactly, as if it had never been learned', () => {
    const nb = trained();
    nb.learn(['tart', 'jam'], 'citrus');
    nb.forget(['tart', 'jam'], 'citrus');
    expect(nb.toJSON()).toEqual(trained().toJSON());
  });

  it('ignores a forget it cannot undo', () => {
    const nb = new NaiveBayes<Fruit>(['citrus', 'berry']);
    nb.forget(['peel'], 'citrus');
    expect(nb.examples()).toBe(0);
    expect(nb.toJSON().counts).toEqual({ citrus: {}, berry: {} });
  });

  it('survives a round trip through JSON with the same scores', () => {
    const nb = trained();
    const copy = NaiveBayes.fromJSON<Fruit>(JSON.parse(JSON.stringify(nb)));
    expect(copy.scores(['peel', 'jam', 'bush'])).toEqual(nb.scores(['peel', 'jam', 'bush']));
    copy.learn(['tart'], 'berry');
    expect(copy.examples('berry')).toBe(4);
  });

  it('refuses a label it was not built with, naming the ones it knows', () => {
    const nb = trained();
    expect(() => nb.learn(['x'], 'stone' as Fruit)).toThrow(
      /"stone" is not one of this model's labels \(citrus, berry\)/,
    );
  });

  it('refuses corrupt saved counts', () => {
    const json = trained().toJSON();
    json.counts.citrus!.peel = -2;
    expect(() => NaiveBayes.fromJSON(json)).toThrow(/count of "peel" for "citrus"/);
  });
});

// ---- Learning from corrections stored in the database -------------------------------------------

interface Story {
  title: string;
  summary: string;
}

const rules = createTagger();

function freshDb(): Db {
  return createStore(join(mkdtempSync(join(tmpdir(), 'horizon-learned-')), 'horizon.db'));
}

let feedCount = 0;
function newsFeed(db: Db): Feed {
  return db.feeds.add(
    { url: `https://news.example.org/feed-${++feedCount}.atom`, kind: 'news', addedBy: 'U1' },
    NOW,
  );
}

/** Stores stories as a feed's items, tagged by the rules as ingest would; returns their ids in order. */
function store(db: Db, feed: Feed, stories: Story[]): number[] {
  const parsed: ParsedItem[] = stories.map((s, i) => ({
    key: `${feed.id}-${i}-${s.title}`,
    title: s.title,
    summary: s.summary,
    link: null,
    canonicalUrl: null,
    publishedAt: `2025-03-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00.000Z`,
    categories: [],
  }));
  storeItems(
    db,
    feed,
    parsed,
    (p) => rules.tag({ title: p.title, summary: p.summary, feedKind: feed.kind }),
    {
      now: new Date(NOW),
      backfillBefore: null,
    },
  );
  const ids = new Map(db.items.ofFeed(feed.id, 100_000).map((i) => [i.key, i.id]));
  return parsed.map((p) => ids.get(p.key)!);
}

function correct(db: Db, itemId: number, kind: 'stage' | 'not-relevant' | 'themes', value: string): void {
  db.corrections.add({ itemId, kind, value, platform: 'slack', userId: 'U2' }, NOW);
}

const NOW = '2025-04-01T09:00:00.000Z';

/** This organisation reads its council's "next phase" announcements as the slope: a programme being made to work. */
const nextPhase = (place: string): Story => ({
  title: `${place} hubs: council announces next phase`,
  summary: `The council announced the next phase of its ${place.toLowerCase()} hubs programme, with a pilot in two wards.`,
});
const places = ['Family', 'Warm', 'Health', 'Youth', 'Food', 'Digital', 'Carers', 'Advice'];
const cutsStory = (service: string): Story => ({
  title: `${service} budget cut by a third`,
  summary: `Councillors agreed to cut the ${service.toLowerCase()} budget by a third from April.`,
});

describe('loadLearnedModel', () => {
  it('lets corrections stored in the database change a later tag', () => {
    const db = freshDb();
    const feed = newsFeed(db);
    const unseen = nextPhase('Neighbourhood');
    const before = rules.tag({ ...unseen, feedKind: 'news' });
    expect(before.stage).toBe('peak');

    const taught = store(db, feed, places.map(nextPhase));
    for (const id of taught) correct(db, id, 'stage', 'slope');
    for (const id of store(db, feed, ['Library', 'Parks', 'Youth service'].map(cutsStory)))
      correct(db, id, 'stage', 'trough');

    const learned = loadLearnedModel(db);
    expect(learned.examples.stage).toBe(places.length + 3);
    const after = createTagger({ learned }).tag({ ...unseen, feedKind: 'news' });
    expect(after.stage).toBe('slope');
    expect(after.reasons.some((r) => r.kind === 'model' && r.target === 'slope')).toBe(true);
  });

  it('keeps quiet with too few corrections, so the rules decide alone', () => {
    const db = freshDb();
    const feed = newsFeed(db);
    const ids = store(db, feed, places.slice(0, MIN_STAGE_EXAMPLES - 1).map(nextPhase));
    for (const id of ids) correct(db, id, 'stage', 'slope');
    const learned = loadLearnedModel(db);
    const story = { ...nextPhase('Neighbourhood'), feedKind: 'news' as const };
    expect(learned.scoreStage(features(story))).toBeNull();
    expect(createTagger({ learned }).tag(story)).toEqual(rules.tag(story));
  });

  it('learns an item once, from its latest stage correction', () => {
    const db = freshDb();
    const feed = newsFeed(db);
    const [id] = store(db, feed, [nextPhase('Family')]);
    correct(db, id!, 'stage', 'peak');
    correct(db, id!, 'stage', 'slope');
    const learned = loadLearnedModel(db);
    expect(learned.stage.examples()).toBe(1);
    expect(learned.stage.examples('slope')).toBe(1);
    expect(learned.stage.examples('peak')).toBe(0);
  });

  it('learns what the organisation marks not relevant', () => {
    const db = freshDb();
    const feed = newsFeed(db);
    store(db, feed, [
      {
        title: 'Consultation on adult social care charging',
        summary: 'The department seeks views on care charges.',
      },
      {
        title: 'Funding for carers’ breaks announced',
        summary: 'Councils will receive funding for respite for carers.',
      },
      {
        title: 'Charity Commission updates trustee guidance',
        summary: 'New guidance for trustees of charities.',
      },
      {
        title: 'Homelessness statistics published',
        summary: 'Figures on households in temporary accommodation.',
      },
    ]);
    const sport = store(db, feed, [
      {
        title: 'Premier League club unveils new stadium plans',
        summary: 'The football club set out plans for a stadium.',
      },
      { title: 'Cricket ground gets new pavilion', summary: 'The county cricket club opened its pavilion.' },
      {
        title: 'Football stadium expansion approved',
        summary: 'Planners approved the club’s stadium expansion.',
      },
    ]);
    for (const id of sport) correct(db, id, 'not-relevant', 'true');

    const learned = loadLearnedModel(db);
    expect(learned.examples.notRelevant).toBe(3);
    const stadium = features({
      title: 'Rugby club stadium plans',
      summary: 'The club set out stadium plans.',
      feedKind: 'news',
    });
    const care = features({
      title: 'Social care charging reforms',
      summary: 'Carers and councils respond.',
      feedKind: 'news',
    });
    expect(learned.relevance(stadium)).toBeLessThan(0.5);
    expect(learned.relevance(care)).toBeGreaterThan(0.5);
    expect(
      createTagger({ learned }).tag({ title: 'Rugby club stadium plans', summary: '', feedKind: 'news' })
        .relevance,
    ).toBeLessThan(0.5);
  });

  it('does not judge relevance from fewer than a few marks, or from marks taken back', () => {
    const db = freshDb();
    const feed = newsFeed(db);
    store(db, feed, [nextPhase('Family'), nextPhase('Warm')]);
    const sport = store(db, feed, [
      { title: 'Stadium plans', summary: 'A club wants a stadium.' },
      { title: 'Pavilion opens', summary: 'A cricket club opened its pavilion.' },
      { title: 'Stadium expansion', summary: 'The club’s stadium grows.' },
    ]);
    for (const id of sport.slice(0, MIN_NOT_RELEVANT - 1)) correct(db, id, 'not-relevant', 'true');
    expect(loadLearnedModel(db).relevance(['t:stadium'])).toBeNull();
    correct(db, sport[2]!, 'not-relevant', 'true');
    correct(db, sport[2]!, 'not-relevant', 'false');
    expect(loadLearnedModel(db).relevance(['t:stadium'])).toBeNull();
  });
});

describe('learningTagger', () => {
  it('retrains when a correction is added, without a restart', () => {
    const db = freshDb();
    const feed = newsFeed(db);
    const tagger = learningTagger(db, (learned) => createTagger({ learned }));
    const unseen = { ...nextPhase('Neighbourhood'), feedKind: 'news' as const };
    expect(tagger.tag(unseen).stage).toBe('peak');

    for (const id of store(db, feed, places.map(nextPhase))) correct(db, id, 'stage', 'slope');
    for (const id of store(db, feed, ['Library', 'Parks'].map(cutsStory))) correct(db, id, 'stage', 'trough');
    expect(tagger.tag(unseen).stage).toBe('slope');
    expect(tagger.learned.examples.stage).toBe(places.length + 2);
  });

  it('survives a round trip of the learned model through JSON', () => {
    const db = freshDb();
    const feed = newsFeed(db);
    for (const id of store(db, feed, places.map(nextPhase))) correct(db, id, 'stage', 'slope');
    for (const id of store(db, feed, ['Library', 'Parks'].map(cutsStory))) correct(db, id, 'stage', 'trough');
    const learned = loadLearnedModel(db);
    const copy = new CorrectionModel(JSON.parse(JSON.stringify(learned)));
    const f = features({ ...nextPhase('Neighbourhood'), feedKind: 'news' });
    expect(copy.scoreStage(f)).toEqual(learned.scoreStage(f));
  });
});

describe('the shipped model, fine-tuned by corrections', () => {
  const shipped = TaggerModel.load();
  const withModel = (model: TaggerModel | null) => createTagger({ model });

  it('changes a later tag when an organisation corrects similar items, without a restart', () => {
    const db = freshDb();
    const feed = newsFeed(db);
    const ruleTagger = createTagger();
    const tagger = learningTagger(db, (learned, model) => createTagger({ learned, model }), {
      base: shipped,
      modelFeatures: (input) => ruleTagger.features(input, shipped.settings),
    });
    const unseen = { ...nextPhase('Neighbourhood'), feedKind: 'news' as const };
    const before = tagger.tag(unseen);
    expect(before.stage).not.toBe('plateau');

    // This organisation files its council's "next phase" announcements as business as usual.
    for (const id of store(db, feed, places.map(nextPhase))) {
      correct(db, id, 'stage', 'plateau');
      correct(db, id, 'themes', JSON.stringify(['local-government', 'housing']));
    }
    const after = tagger.tag(unseen);
    expect(after.stage).toBe('plateau');
    expect(after.themes).toContain('housing');
    expect(tagger.model).not.toBe(shipped);
    expect(tagger.model!.json.features.length).toBeGreaterThanOrEqual(shipped.json.features.length);
  });

  it('fine-tunes a copy: the shipped model itself does not change', () => {
    const before = JSON.stringify(shipped.json.stage.weights[0]!.slice(0, 50));
    const story = { ...cutsStory('Library'), feedKind: 'news' as const };
    shipped.withCorrections([{ features: createTagger().features(story, shipped.settings), stage: 'slope' }]);
    expect(JSON.stringify(shipped.json.stage.weights[0]!.slice(0, 50))).toBe(before);
  });

  it('says which evidence chose the stage and each theme, in the item’s own words', () => {
    const t = withModel(shipped).tag({ ...cutsStory('Library'), feedKind: 'news' });
    expect(t.stage).toBe('trough');
    const stageWhy = t.reasons.filter((r) => r.kind === 'stage' && r.target === 'trough');
    expect(stageWhy.length).toBeGreaterThan(0);
    expect(stageWhy.some((r) => /"cut[^"]*" in (title|summary)|trough signals \("cut/.test(r.text))).toBe(
      true,
    );
    for (const theme of t.themes)
      expect(t.reasons.some((r) => r.kind === 'theme' && r.target === theme)).toBe(true);
  });

  it('says unknown, not a guess, when the text gives it nothing to go on', () => {
    const t = withModel(shipped).tag({ title: 'Xyzzy', summary: '' });
    expect(t.stage).toBe('unknown');
  });

  it('lets a decisive stated signal settle the stage, with its own reason', () => {
    const plain = { title: 'Proposals for the future of local services', summary: '' };
    const text = 'GOV.UK says: open consultation';
    const signalled = { ...plain, signals: [{ stage: 'trigger' as const, decisive: true, text }] };
    const t = withModel(shipped).tag(signalled);
    expect(t.stage).toBe('trigger');
    expect(t.reasons.filter((r) => r.kind === 'stage')).toEqual([
      expect.objectContaining({ target: 'trigger', text }),
    ]);
  });

  it('tags by the same numbers it was trained on: the fast path adds up exactly the training features', () => {
    const rules = createTagger();
    const fast = withModel(shipped);
    const items = loadLabels().slice(0, 60);
    for (const it of items) {
      const input = { title: it.title, summary: it.summary, feedKind: it.source_kind };
      const slow = shipped.predict(shipped.vector(rules.features(input, shipped.settings)));
      const t = fast.tag(input);
      expect(t.stage).toBe(slow.stage);
      expect(t.confidence).toBeCloseTo(slow.confidence, 2);
      expect(t.themes).toEqual(slow.themes.map((x) => x.slug));
    }
  });

  it('tags alike whether its weights are packed in 16 bits or, when one is too large for that, kept as read', () => {
    // One extra feature no text can produce, weighing 5 (beyond the ±3.2767 that 16 bits hold in
    // ten-thousandths): the model is then read as it is, and must tag every item as the packed one does.
    const j = shipped.json;
    const unpacked = new TaggerModel({
      ...j,
      features: [...j.features, 'src:never-a-feed-kind'],
      stage: { ...j.stage, weights: j.stage.weights.map((r) => [...r.slice(0, -1), 5, r.at(-1)!]) },
      themes: { ...j.themes, weights: j.themes.weights.map((r) => [...r.slice(0, -1), 0, r.at(-1)!]) },
    });
    const packed = withModel(shipped);
    const asRead = withModel(unpacked);
    for (const it of loadLabels().slice(0, 80)) {
      const input = { title: it.title, summary: it.summary, feedKind: it.source_kind };
      const a = packed.tag(input);
      const b = asRead.tag(input);
      expect(b.stage).toBe(a.stage);
      expect(b.confidence).toBeCloseTo(a.confidence, 9);
      expect(b.themes).toEqual(a.themes);
      expect(b.reasons).toEqual(a.reasons);
    }
  });

  it('refuses a model file that is not one, saying how to rebuild it', () => {
    const bad = { ...shipped.json, version: 99 } as unknown as ConstructorParameters<typeof TaggerModel>[0];
    expect(() => new TaggerModel(bad)).toThrow(/version 99.*npm run train/);
  });

  it('serves only a taxonomy that has every theme it was trained on', () => {
    expect(TaggerModel.forTaxonomy(createTagger().taxonomy)).not.toBeNull();
    expect(TaggerModel.forTaxonomy({ themes: [{ slug: 'housing' }] })).toBeNull();
  });
});

describe('reasons from the shipped model, as a person reads them', () => {
  it('name a keyword once even when the title and the summary both carry it (a real GOV.UK item)', () => {
    const t = createTagger({ model: TaggerModel.load() }).tag({
      title: '£40m cash injection to benefit lives of young people',
      summary:
        '300,000 young people set to benefit from grants to youth organisations Youth organisations will ' +
        'receive £40 million to boost the skills and life chances of young people living in disadvantaged ' +
        'areas, Minister for Sport and Civil Society Tracey Crouch announced today.',
      feedKind: 'policy',
    });
    const quoted = t.reasons.map((r) => [...r.text.matchAll(/"([^"]+)"/g)].map((m) => m[1]!));
    expect(quoted.flat()).toContain('young people');
    for (const q of quoted) expect(q).toEqual([...new Set(q)]);
  });

  it('never rest on a word that says nothing by itself: "The" or a number (real funding calls)', () => {
    const tagger = createTagger({ model: TaggerModel.load() });
    const calls = readFileSync(
      new URL('../../feeds/snapshots/source/uk-funding-calls.jsonl', import.meta.url),
      'utf8',
    )
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: string; title: string; text: string });
    expect(calls.length).toBeGreaterThan(40);
    let modelReasons = 0;
    for (const c of calls) {
      const t = tagger.tag({ title: c.title, summary: c.text, feedKind: 'funding' });
      for (const r of t.reasons) {
        const m = /^"([^"]+)" in (title|summary)$/.exec(r.text);
        if (!m) continue;
        modelReasons++;
        const words = m[1]!
          .toLowerCase()
          .split(/[^\p{L}\p{N}'’]+/u)
          .filter(Boolean);
        expect(
          words.every((w) => isPlainWord(w)),
          `${c.id}: ${r.text}`,
        ).toBe(false);
      }
    }
    expect(modelReasons).toBeGreaterThan(20);
  });
});
