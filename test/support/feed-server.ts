import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { projectPath } from '../../src/paths.js';

export interface FeedServer {
  url(path: string): string;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 serving files from test/fixtures/feeds, plus routes a test adds. */
export async function feedServer(
  routes: Record<string, (res: http.ServerResponse) => void> = {},
): Promise<FeedServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = routes[path];
    if (route) return route(res);
    try {
      const body = readFileSync(projectPath('test', 'fixtures', 'feeds', decodeURIComponent(path.slice(1))));
      res.writeHead(200, {
        'content-type': path.endsWith('.atom') ? 'application/atom+xml' : 'application/rss+xml',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body>Not found</body></html>');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}/${path.replace(/^\//, '')}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
