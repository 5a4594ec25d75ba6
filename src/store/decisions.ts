import type { Decision, Platform } from '../domain.js';
import type { Db } from './db.js';

interface DecisionRow {
  id: number;
  item_id: number;
  item_title: string;
  month: string;
  decision: string;
  owner: string | null;
  due_date: string | null;
  recorded_by: string;
  recorded_at: string;
}

const SELECT = `SELECT d.*, i.title AS item_title FROM decisions d JOIN items i ON i.id = d.item_id`;

function toDecision(r: DecisionRow): Decision {
  return {
    id: r.id,
    itemId: r.item_id,
    itemTitle: r.item_title,
    month: r.month,
    decision: r.decision,
    owner: r.owner,
    dueDate: r.due_date,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
  };
}

export function insertDecision(
  db: Db,
  d: {
    itemId: number;
    month: string;
    decision: string;
    owner: string | null;
    dueDate: string | null;
    platform: Platform;
    recordedBy: string;
  },
  now: string,
): Decision {
  const id = db
    .prepare(
      `INSERT INTO decisions (item_id, month, decision, owner, due_date, platform, recorded_by, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(d.itemId, d.month, d.decision, d.owner, d.dueDate, d.platform, d.recordedBy, now).lastInsertRowid;
  return toDecision(db.prepare(`${SELECT} WHERE d.id = ?`).get(id) as DecisionRow);
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
