import type { Decision, DecisionStatus } from '../domain.js';

/** How a decision's status reads in the header and the minutes. */
export const STATUS_LABEL: Record<DecisionStatus, string> = {
  open: 'open',
  done: 'done',
  dropped: 'dropped',
};

/** "Action" or "Decision". */
export function kindLabel(d: Pick<Decision, 'kind'>): string {
  return d.kind === 'action' ? 'Action' : 'Decision';
}

/** An open decision whose due date has passed, as of `today` (YYYY-MM-DD). */
export function isOverdue(d: Pick<Decision, 'status' | 'dueDate'>, today: string): boolean {
  return d.status === 'open' && d.dueDate !== null && d.dueDate < today;
}
