import http from 'node:http';
import https from 'node:https';

/**
 * How a poll round spends its time: waiting on the network must never hold a place that parsing, tagging
 * and storing need. So the round has two limits of its own kind:
 *
 * - hosts: at most `hosts` hosts are read from at once, each by one connection at a time (politeness: a
 *   site with 300 feeds sees one request after another, on one kept-alive connection, never 300 at once);
 * - work: at most `work` fetched feeds are parsed, tagged and stored at once. A host waits for a place
 *   here only once its bytes have arrived, so a slow server delays nobody but its own feeds.
 *
 * A host that lets a request run out of time, or answers 429/503, gets no more requests this round: its
 * remaining feeds are deferred to the next round (still due, not failed). That bounds a round by about one
 * fetch timeout whatever the number of slow feeds, provided there are fewer slow hosts than `hosts`.
 */

export interface Lane {
  /** Waits for a place to parse, tag and store; call the returned function when done. */
  work(): Promise<() => void>;
  agents: { http: http.Agent; https: https.Agent };
}

/** What running a feed says about its host: nothing, or why the host gets no more requests this round. */
export type HostVerdict = string | null;

export function limiter(width: number): () => Promise<() => void> {
  let free = Math.max(1, width);
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return () =>
    new Promise<() => void>((resolve) => {
      const grant = () => {
        let done = false;
        resolve(() => {
          if (done) return;
          done = true;
          release();
        });
      };
      if (free > 0) {
        free--;
        grant();
      } else waiting.push(grant);
    });
}

/** The key politeness is counted by: the host name, whatever the port or scheme. */
export function hostKey(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}

export async function runByHost<T>(
  items: T[],
  opts: {
    hostOf: (item: T) => string;
    hosts: number;
    work: number;
    run: (item: T, lane: Lane) => Promise<HostVerdict>;
    defer: (item: T, why: string) => void;
  },
): Promise<void> {
  const queues = new Map<string, T[]>();
  for (const item of items) {
    const key = opts.hostOf(item);
    const q = queues.get(key);
    if (q) q.push(item);
    else queues.set(key, [item]);
  }
  // The busiest hosts first: each is a chain of requests one after another, the round's longest paths.
  const order = [...queues.values()].sort((a, b) => b.length - a.length);
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 1 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 1 }),
  };
  const lane: Lane = { work: limiter(opts.work), agents };
  let next = 0;
  const hostWorker = async () => {
    for (let i = next++; i < order.length; i = next++) {
      const queue = order[i]!;
      for (let k = 0; k < queue.length; k++) {
        const verdict = await opts.run(queue[k]!, lane);
        if (verdict) {
          for (const rest of queue.slice(k + 1)) opts.defer(rest, verdict);
          break;
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.hosts, order.length)) }, hostWorker));
  } finally {
    agents.http.destroy();
    agents.https.destroy();
  }
}
