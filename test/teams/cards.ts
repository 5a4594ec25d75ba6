/* eslint-disable @typescript-eslint/no-explicit-any -- activities and cards are JSON from the wire, checked by the assertions */
// Checks Adaptive Cards against the schema version we target, with the `adaptivecards` package's parser.
import { createRequire } from 'node:module';

const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as any;

/** Parse problems (unknown elements, properties from a newer version, bad values) for a card; [] when valid. */
export function cardProblems(card: unknown): string[] {
  const context = new AC.SerializationContext(AC.Versions.v1_4);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents ?? []) problems.push(e.message);
  return problems;
}

/** Every TextBlock / fact text in a card, in order, for reading what a person sees. */
export function cardText(card: any): string[] {
  const out: string[] = [];
  const walk = (n: any) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    if (n.type === 'TextBlock') out.push(n.text);
    if (n.type === 'FactSet') for (const f of n.facts) out.push(`${f.title}: ${f.value}`);
    for (const k of ['body', 'items', 'columns', 'card', 'actions']) walk(n[k]);
  };
  walk(card);
  return out;
}

export function actionTitles(card: any): string[] {
  return (card.actions ?? []).map((a: any) => a.title);
}
