import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { projectPath } from '../paths.js';
import { FeedError } from './errors.js';
import { checkUrl, guardedLookup } from './guard.js';

export interface FetchOptions {
  etag?: string | null;
  lastModified?: string | null;
  /** The whole fetch, redirects and body included. */
  timeoutMs: number;
  /**
   * How long each request may wait for the answer to begin (connection and headers), so a server that never
   * starts answering is given up on sooner than one that is still sending.
   */
  ttfbMs?: number;
  maxBytes: number;
  maxRedirects?: number;
  allowPrivateHosts: string[];
  userAgent?: string;
  /** What to ask for; feeds by default (a JSON API asks for JSON). */
  accept?: string;
  /** Keep-alive agents a poll round shares, so a host's feeds read one after another reuse one connection. */
  agents?: { http: http.Agent; https: https.Agent };
}

export type FetchResult =
  | { kind: 'not-modified'; finalUrl: string; permanentUrl: string; cacheControl: string | null }
  | {
      kind: 'ok';
      finalUrl: string;
      /**
       * Where the feed now lives for good: the address after the permanent redirects (301, 308) that came
       * before any temporary one (302, 303, 307). A temporary redirect may change back, so the address that
       * led to it is the one to keep asking.
       */
      permanentUrl: string;
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      cacheControl: string | null;
    };

function readVersion(): string {
  try {
    return (
      (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version?: string }).version ?? '0'
    );
  } catch {
    return '0';
  }
}

export const USER_AGENT = `Horizon/${readVersion()} (+https://github.com/horizon-scan/horizon)`;

const ACCEPT =
  'application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.8, text/html;q=0.5, */*;q=0.1';

function header(res: http.IncomingMessage, name: string): string | null {
  const v = res.headers[name];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function networkError(e: NodeJS.ErrnoException, url: URL): FeedError {
  if (e instanceof FeedError) return e;
  const code = e.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') {
    return new FeedError(
      'dns',
      `Cannot find the host ${url.hostname} (${code}). Check the address for typos.`,
    );
  }
  if (code === 'ECONNREFUSED') {
    return new FeedError(
      'network',
      `${url.host} refused the connection. The site may be down; Horizon will retry.`,
    );
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return new FeedError('network', `${url.host} closed the connection early. Horizon will retry.`);
  }
  if (code.startsWith('ERR_TLS') || code.includes('CERT')) {
    return new FeedError(
      'network',
      `The secure connection to ${url.host} failed (${code}). Check the site's certificate.`,
    );
  }
  return new FeedError('network', `Could not reach ${url.host} (${code || e.message}). Horizon will retry.`);
}

function decoderFor(encoding: string | null): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

interface Hop {
  status: number;
  location: string | null;
  body?: Buffer;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  cacheControl: string | null;
  retryAfter: string | null;
}

/** A kept-alive connection the server had already closed: the request never reached it, so it is sent again. */
class StaleConnection extends Error {}

/** One request, no redirects followed. The size cap counts decompressed bytes, so a gzip bomb stops early. */
function requestOnce(
  url: URL,
  opts: FetchOptions,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const lib = secure ? https : http;
    const agent = opts.agents ? (secure ? opts.agents.https : opts.agents.http) : undefined;
    let answered = false;
    const req = lib.request(
      url,
      {
        method: 'GET',
        headers,
        signal,
        lookup: guardedLookup(opts.allowPrivateHosts),
        ...(agent ? { agent } : {}),
      },
      (res) => {
        answered = true;
        if (ttfb) clearTimeout(ttfb);
        const status = res.statusCode ?? 0;
        const base = {
          status,
          location: header(res, 'location'),
          contentType: header(res, 'content-type'),
          etag: header(res, 'etag'),
          lastModified: header(res, 'last-modified'),
          cacheControl: header(res, 'cache-control'),
          retryAfter: header(res, 'retry-after'),
        };
        if (status === 304 || (status >= 300 && status < 400) || status < 200 || status >= 300) {
          res.resume();
          resolve(base);
          return;
        }
        const declared = Number(header(res, 'content-length') ?? NaN);
        const encoding = header(res, 'content-encoding');
        if (!encoding && Number.isFinite(declared) && declared > opts.maxBytes) {
          res.destroy();
          reject(tooLarge(opts.maxBytes));
          return;
        }
        const decoder = decoderFor(encoding);
        const stream: Readable = decoder ? res.pipe(decoder) : res;
        const chunks: Buffer[] = [];
        let total = 0;
        let settled = false;
        const fail = (e: Error) => {
          if (settled) return;
          settled = true;
          res.destroy();
          decoder?.destroy();
          reject(e);
        };
        stream.on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (total > opts.maxBytes) return fail(tooLarge(opts.maxBytes));
          chunks.push(chunk);
        });
        stream.on('end', () => {
          if (settled) return;
          settled = true;
          // A feed that arrived in one chunk is used as it is rather than copied.
          resolve({ ...base, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) });
        });
        stream.on('error', (e: NodeJS.ErrnoException) => {
          if (decoder && e.code?.startsWith('Z_')) {
            fail(
              new FeedError(
                'parse-error',
                `The feed said it was ${encoding}-compressed but is not. Tell the publisher; Horizon will retry.`,
              ),
            );
          } else fail(e);
        });
        res.on('error', (e) => fail(e));
        res.on('aborted', () => fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
      },
    );
    const ttfb =
      opts.ttfbMs && opts.ttfbMs < opts.timeoutMs
        ? afterBusyTurn(opts.ttfbMs, () => {
            if (answered) return;
            req.destroy(
              new FeedError(
                'timeout',
                `${url.host} did not start answering within ${seconds(opts.ttfbMs!)} s. Horizon will retry later.`,
              ),
            );
          })
        : null;
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (ttfb) clearTimeout(ttfb);
      if (!answered && req.reusedSocket && e.code === 'ECONNRESET') reject(new StaleConnection());
      else reject(e);
    });
    req.end();
  });
}

/**
 * A timer that fires only after the input already waiting has been read. When the process was busy (parsing
 * and storing other feeds) past the limit, Node runs due timers before it reads the sockets, so an answer
 * that arrived in time would be counted late; one more turn of the event loop reads it first.
 */
function afterBusyTurn(ms: number, fn: () => void): NodeJS.Timeout {
  return setTimeout(() => setImmediate(fn), ms);
}

function seconds(ms: number): string {
  return ms < 1000 ? String(Math.round(ms / 100) / 10) : String(Math.round(ms / 1000));
}

function tooLarge(maxBytes: number): FeedError {
  return new FeedError(
    'too-large',
    `The feed is larger than the ${mb(maxBytes)} limit. Use a smaller feed (one category or search) instead.`,
  );
}

/**
 * Fetches a feed with a conditional GET, a total time limit, a size cap and a redirect cap,
 * checking every URL (the first and each redirect target) with the SSRF guard.
 */
export async function fetchFeed(url: string, opts: FetchOptions): Promise<FetchResult> {
  const maxRedirects = opts.maxRedirects ?? 5;
  const controller = new AbortController();
  let finished = false;
  const timer = afterBusyTurn(opts.timeoutMs, () => {
    if (!finished) controller.abort();
  });
  const headers: Record<string, string> = {
    'User-Agent': opts.userAgent ?? USER_AGENT,
    Accept: opts.accept ?? ACCEPT,
    'Accept-Encoding': 'gzip, deflate, br',
  };
  if (opts.etag) headers['If-None-Match'] = opts.etag;
  if (opts.lastModified) headers['If-Modified-Since'] = opts.lastModified;
  let current = await checkUrl(url, opts.allowPrivateHosts).catch((e: unknown) => {
    clearTimeout(timer);
    throw e;
  });
  const seen = new Set<string>();
  let permanent: string = current.href;
  let onlyPermanent = true;
  try {
    for (let hop = 0; ; hop++) {
      seen.add(current.href);
      let res: Hop;
      try {
        res = await requestOnce(current, opts, headers, controller.signal).catch((e: unknown) => {
          if (e instanceof StaleConnection) return requestOnce(current, opts, headers, controller.signal);
          throw e;
        });
      } catch (e) {
        if (controller.signal.aborted) {
          throw new FeedError(
            'timeout',
            `${current.host} did not answer within ${seconds(opts.timeoutMs)} s. Horizon will retry later.`,
          );
        }
        throw networkError(e as NodeJS.ErrnoException, current);
      }
      if (res.status === 304)
        return {
          kind: 'not-modified',
          finalUrl: current.href,
          permanentUrl: permanent,
          cacheControl: res.cacheControl,
        };
      if (res.status >= 300 && res.status < 400 && res.location) {
        if (hop >= maxRedirects) {
          throw new FeedError(
            'too-many-redirects',
            `The feed redirected more than ${maxRedirects} times. Open it in a browser and add the address it ends at.`,
          );
        }
        let next: URL;
        try {
          next = new URL(res.location, current);
        } catch {
          throw new FeedError(
            'http-status',
            `The feed redirected to an invalid address. Tell the publisher.`,
            res.status,
          );
        }
        if (seen.has(next.href)) {
          throw new FeedError(
            'too-many-redirects',
            `The feed redirects in a loop. Open it in a browser and add the address it ends at.`,
          );
        }
        current = await checkUrl(next.href, opts.allowPrivateHosts);
        onlyPermanent &&= res.status === 301 || res.status === 308;
        if (onlyPermanent) permanent = current.href;
        continue;
      }
      if (res.status < 200 || res.status >= 300) {
        throw new FeedError('http-status', statusMessage(res.status), res.status, res.retryAfter);
      }
      return {
        kind: 'ok',
        finalUrl: current.href,
        permanentUrl: permanent,
        body: res.body ?? Buffer.alloc(0),
        contentType: res.contentType,
        etag: res.etag,
        lastModified: res.lastModified,
        cacheControl: res.cacheControl,
      };
    }
  } finally {
    finished = true;
    clearTimeout(timer);
  }
}

function statusMessage(status: number): string {
  if (status === 404 || status === 410)
    return `The feed is gone (HTTP ${status}). Check the address or remove the feed.`;
  if (status === 401 || status === 403)
    return `The site refused access (HTTP ${status}). The feed may need a login Horizon does not have.`;
  if (status === 429)
    return `The site says we are asking too often (HTTP 429). Horizon will back off and retry.`;
  if (status >= 500) return `The site had an error (HTTP ${status}). Horizon will retry later.`;
  return `The site answered HTTP ${status}. Check the address.`;
}
