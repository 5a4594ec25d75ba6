import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import type { FeedKind } from '../domain.js';
import { projectPath } from '../paths.js';
import { parseOpml } from './opml.js';

/** The offline feeds shipped in feeds/snapshots/, for the demo and tests. */
export const SNAPSHOT_DIR = projectPath('feeds', 'snapshots');

const TYPES: Record<string, string> = {
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.opml': 'text/x-opml; charset=utf-8',
};

interface Served {
  body: Buffer;
  type: string;
  etag: string;
  lastModified: string;
}

/** Reads the feed files once; only plain names in the folder are served, so no path can climb out of it. */
function loadFiles(dir: string): Map<string, Served> {
  const files = new Map<string, Served>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    const path = join(dir, name);
    if (!type || !statSync(path).isFile()) continue;
    const body = readFileSync(path);
    files.set(`/${name}`, {
      body,
      type,
      etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`,
      lastModified: statSync(path).mtime.toUTCString(),
    });
  }
  return files;
}

/**
 * Serves feeds/snapshots/ on 127.0.0.1 on a free port, answering conditional GETs with 304 as a real
 * feed host would. The demo points its feeds here; `HORIZON_ALLOW_PRIVATE_HOSTS` must list 127.0.0.1.
 */
export async function serveSnapshots(
  dir: string = SNAPSHOT_DIR,
): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const files = loadFiles(dir);
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    const file = files.get(path);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('No such snapshot.');
      return;
    }
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, { ETag: file.etag }).end();
      return;
    }
    res
      .writeHead(200, {
        'Content-Type': file.type,
        'Content-Length': file.body.length,
        ETag: file.etag,
        'Last-Modified': file.lastModified,
      })
      .end(req.method === 'HEAD' ? undefined : file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SnapshotFeed {
  url: string;
  title: string;
  kind: FeedKind;
  themes: string[];
}

/** The demo's feeds (feeds/snapshots/demo.opml) with their URLs pointed at `baseUrl`. */
export function snapshotFeeds(baseUrl: string, dir: string = SNAPSHOT_DIR): SnapshotFeed[] {
  const base = baseUrl.replace(/\/+$/, '');
  const text = readFileSync(join(dir, 'demo.opml'), 'utf8').replaceAll('http://127.0.0.1:{port}', base);
  return parseOpml(text).feeds.map((f) => ({
    url: f.url,
    title: f.title ?? f.url,
    kind: f.kind ?? 'news',
    themes: f.themes ?? [],
  }));
}
