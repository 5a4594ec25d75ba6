import type { AgendaChart } from '../chat/types.js';
import type { Horizon } from '../context.js';

/** This month's topics drawn on the hype cycle, or null when there are none to draw. */
export function agendaChart(_h: Horizon, _month: string): AgendaChart | null {
  return null;
}
