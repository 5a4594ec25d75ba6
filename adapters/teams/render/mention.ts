import { escapeCardText } from './escape.js';

// A Teams person: an Entra object id (a GUID), or a Bot Framework id (29:…).
const TEAMS_USER = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|29:[\w-]+)$/i;

export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

/**
 * Collects the people a card mentions. Teams shows `<at>Name</at>` as a mention only when the card
 * carries an entity with exactly that text, so both come from here together.
 */
export class Mentions {
  readonly entities: MentionEntity[] = [];

  /**
   * A person as card text: a mention when the id is a Teams person and the name is known, else the name
   * (or what was typed) escaped as plain text.
   */
  of(id: string, name: string | null): string {
    // Only the name's letters go between the tags: markup there would break the match with the entity.
    const clean = name
      ?.replace(/[<>[\]*_`\\{}]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 100);
    if (!TEAMS_USER.test(id) || !clean) return escapeCardText(name ?? id);
    const text = `<at>${clean}</at>`;
    if (!this.entities.some((e) => e.text === text && e.mentioned.id === id))
      this.entities.push({ type: 'mention', text, mentioned: { id, name: clean } });
    return text;
  }
}
