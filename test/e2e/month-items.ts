// The month both end-to-end tests play out: one feed and three items published the day before the agenda
// is due (a consultation, a watchdog's warning, guidance coming into force).
import type { Horizon } from '../../src/context.js';
import type { Feed } from '../../src/domain.js';
import { feed, items } from '../support/horizon.js';

export const DISCHARGE = {
  key: 'dhsc-discharge',
  title: 'Hospital discharge guidance comes into force',
  publishedAt: '2026-03-01T11:00:00Z',
};

export function seedMonth(h: Horizon): {
  dhsc: Feed;
  ids: Map<string, number>;
  carers: number;
  watchdog: number;
} {
  const dhsc = feed(h, { title: 'DHSC' });
  const ids = items(h, dhsc, [
    {
      title: 'Government launches consultation on support for unpaid carers',
      publishedAt: '2026-03-01T09:00:00Z',
    },
    { title: 'Watchdog warns social care reforms delayed again', publishedAt: '2026-03-01T10:00:00Z' },
    DISCHARGE,
  ]);
  return {
    dhsc,
    ids,
    carers: ids.get('Government launches consultation on support for unpaid carers')!,
    watchdog: ids.get('Watchdog warns social care reforms delayed again')!,
  };
}
