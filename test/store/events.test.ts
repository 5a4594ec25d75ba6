import { afterEach, describe, expect, it } from 'vitest';
import { type TestHorizon, testHorizon } from '../support/horizon.js';

describe('events a platform delivers more than once', () => {
  let t: TestHorizon;
  afterEach(() => t.close());

  it('are handled the first time only, and forgotten once no retry can come', () => {
    t = testHorizon();
    expect(t.h.store.events.firstTimeSeen('slack', 'Ev1', '2026-03-01T10:00:00Z')).toBe(true);
    expect(t.h.store.events.firstTimeSeen('slack', 'Ev1', '2026-03-01T10:01:00Z')).toBe(false);
    expect(t.h.store.events.firstTimeSeen('teams', 'Ev1', '2026-03-01T10:01:00Z')).toBe(true);
    expect(t.h.store.events.prune('2026-03-01T10:00:30Z')).toBe(1);
    expect(t.h.store.events.firstTimeSeen('slack', 'Ev1', '2026-03-02T10:00:00Z')).toBe(true);
  });
});
