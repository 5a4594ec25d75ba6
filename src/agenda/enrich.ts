import type { Horizon } from '../context.js';
import type { AgendaEnrichers } from './build.js';

/** The agenda's extra knowledge about this organisation: topics that moved, and its profile. */
export function agendaEnrichers(_h: Horizon): AgendaEnrichers {
  return {};
}
