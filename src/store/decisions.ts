import type { Decision, DecisionKind, DecisionStatus, Platform } from '../domain.js';
import type { Db } from './db.js';
import { unpackBody } from './item-body.js';

interface DecisionRow {
  id: number;
  item_id: number;
  item_body: Buffer;
  month: string;
  kind: DecisionKind;
  decision: string;
  owner: string | null;
  owner_name: string | null;
  due_date: string | null;
  status: DecisionStatus;
  status_changed_at: string | null;
  platform: Platform;
  recorded_by: string;
  recorded_at: string;
  reminded_at: string | null;
}

const SELECT = `SELECT d.*, i.body AS item_body FROM decisions d JOIN items i ON i.id = d.item_id`;

/** Open first, then done, then dropped; within each, soonest due first (undated last), then oldest. */
const ORDER = `ORDER BY CASE d.status WHEN 'open' THEN 0 WHEN 'done' THEN 1 ELSE 2 END,
  d.due_date IS NULL, d.due_date, d.id`;

function toDecision(r: DecisionRow): Decision {
  return {
    id: r.id,
    itemId: r.item_id,
    itemTitle: unpackBody(r.item_body).title,
    month: r.month,
    kind: r.kind,
    decision: r.decision,
    owner: r.owner,
    ownerName: r.owner_name,
    dueDate: r.due_date,
    status: r.status,
    statusChangedAt: r.status_changed_at,
    platform: r.platform,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
    remindedAt: r.reminded_at,
  };
}

export interface NewDecision {
  itemId: number;
  month: string;
  kind?: DecisionKind;
  decision: string;
  owner: string | null;
  ownerName?: string | null;
  dueDate: string | null;
  platform: Platform;
  recordedBy: string;
}

export function insertDecision(db: Db, d: NewDecision, now: string): Decision {
  const id = db
    .prepare(
      `INSERT INTO decisions (item_id, month, kind, decision, owner, owner_name, due_date, platform, recorded_by, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      d.itemId,
      d.month,
      d.kind ?? 'decision',
      d.decision,
      d.owner,
      d.ownerName ?? null,
      d.dueDate,
      d.platform,
      d.recordedBy,
      now,
    ).lastInsertRowid;
  return getDecision(db, Number(id))!;
}

export function getDecision(db: Db, id: number): Decision | null {
  const row = db.prepare(`${SELECT} WHERE d.id = ?`).get(id) as DecisionRow | undefined;
  return row ? toDecision(row) : null;
}

export function decisionsForMonth(db: Db, month: string): Decision[] {
  return (db.prepare(`${SELECT} WHERE d.month = ? ORDER BY d.id`).all(month) as DecisionRow[]).map(
    toDecision,
  );
}

export function recentDecisions(db: Db, limit = 10): Decision[] {
  return (
    db.prepare(`${SELECT} ORDER BY d.recorded_at DESC, d.id DESC LIMIT ?`).all(limit) as DecisionRow[]
  ).map(toDecision);
}

export interface DecisionFilter {
  month?: string;
  status?: DecisionStatus;
  kind?: DecisionKind;
  owner?: string;
  itemId?: number;
  limit?: number;
}

/** Decisions matching every filter given, open ones first. */
export function listDecisions(db: Db, f: DecisionFilter = {}): Decision[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const add = (clause: string, value: string | number) => {
    where.push(clause);
    args.push(value);
  };
  if (f.month) add('d.month = ?', f.month);
  if (f.status) add('d.status = ?', f.status);
  if (f.kind) add('d.kind = ?', f.kind);
  if (f.owner) add('d.owner = ?', f.owner);
  if (f.itemId !== undefined) add('d.item_id = ?', f.itemId);
  const sql = `${SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ${ORDER} LIMIT ?`;
  return (db.prepare(sql).all(...args, f.limit ?? 500) as DecisionRow[]).map(toDecision);
}

/**
 * What next month's header carries: every decision recorded for `previous` month, whatever its status,
 * and those from earlier months that are still open (an action does not vanish because a month passed).
 */
export function carriedDecisions(db: Db, previous: string): Decision[] {
  return (
    db
      .prepare(`${SELECT} WHERE d.month = ? OR (d.month < ? AND d.status = 'open') ${ORDER}`)
      .all(previous, previous) as DecisionRow[]
  ).map(toDecision);
}

/** Marks a decision done, dropped or open again. False when there is no such decision. */
export function setDecisionStatus(
  db: Db,
  id: number,
  status: DecisionStatus,
  by: string,
  now: string,
): boolean {
  return (
    db
      .prepare('UPDATE decisions SET status = ?, status_changed_at = ?, status_changed_by = ? WHERE id = ?')
      .run(status, now, by, id).changes > 0
  );
}

/** A new due date; the reminder goes again for the new date. */
export function setDecisionDue(db: Db, id: number, dueDate: string | null): boolean {
  return (
    db.prepare('UPDATE decisions SET due_date = ?, reminded_at = NULL WHERE id = ?').run(dueDate, id)
      .changes > 0
  );
}

/** Open decisions with an owner, due on or before `lastDay`, whose owner has not been reminded. */
export function decisionsToRemind(db: Db, lastDay: string): Decision[] {
  return (
    db
      .prepare(
        `${SELECT} WHERE d.status = 'open' AND d.owner IS NOT NULL AND d.due_date IS NOT NULL
         AND d.due_date <= ? AND d.reminded_at IS NULL ORDER BY d.due_date, d.id`,
      )
      .all(lastDay) as DecisionRow[]
  ).map(toDecision);
}

/**
 * Claims a decision's reminder: true for the one caller that gets it, so two processes never both send
 * it. Claimed before sending: a reminder lost in a crash is not sent twice, which is the better failure.
 */
export function claimReminder(db: Db, id: number, now: string): boolean {
  return (
    db.prepare('UPDATE decisions SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL').run(now, id)
      .changes > 0
  );
}
