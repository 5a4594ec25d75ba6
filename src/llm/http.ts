import http from 'node:http';
import https from 'node:https';
import { checkUrl, guardedLookup } from '../ingest/guard.js';
import { LlmError } from './errors.js';

export interface PostOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
  allowPrivateHosts: string[];
  /** Aborts the call early (the scan round ran out of time). */
  signal?: AbortSignal;
}

export interface PostResult {
  status: number;
  body: string;
  retryAfterMs?: number;
}

/**
 * Reads Retry-After (seconds or an HTTP date) or Azure's and OpenAI's retry-after-ms, in milliseconds.
 * Exported for tests.
 */
export function retryAfterMs(headers: http.IncomingHttpHeaders, now = Date.now()): number | undefined {
  const ms = Number(headers['retry-after-ms']);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers['retry-after'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function networkMessage(e: NodeJS.ErrnoException, url: URL): string {
  const code = e.code ?? '';
  if (code === 'ECONNREFUSED') return `${url.host} refused the connection; is the model server running?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot find the host ${url.hostname} (${code})`;
  if (code.startsWith('ERR_TLS') || code.includes('CERT'))
    return `the secure connection to ${url.host} failed (${code})`;
  return `could not reach ${url.host} (${code || 'network error'})`;
}

/**
 * One JSON POST with the feed fetcher's protections: the SSRF guard before the request and again at
 * connect time, no redirects, a time limit covering the whole answer, and a cap on the answer's size.
 * The status is returned for the caller to judge; only transport problems throw.
 */
export async function postJson(url: URL, body: string, opts: PostOptions): Promise<PostResult> {
  try {
    await checkUrl(url.href, opts.allowPrivateHosts);
  } catch (e) {
    throw new LlmError('refused-url', `the language model address is refused: ${(e as Error).message}`);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  const outer = opts.signal;
  const onOuter = () => controller.abort();
  outer?.addEventListener('abort', onOuter, { once: true });
  try {
    return await new Promise<PostResult>((resolve, reject) => {
      const lib = url.protocol === 'https:' ? https : http;
      const req = lib.request(
        url,
        {
          method: 'POST',
          headers: { ...opts.headers, 'content-length': String(Buffer.byteLength(body)) },
          signal: controller.signal,
          lookup: guardedLookup(opts.allowPrivateHosts),
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const retry = retryAfterMs(res.headers);
          const declared = Number(res.headers['content-length'] ?? NaN);
          if (Number.isFinite(declared) && declared > opts.maxBytes) {
            res.destroy();
            reject(tooLarge(opts.maxBytes));
            return;
          }
          const chunks: Buffer[] = [];
          let total = 0;
          let settled = false;
          res.on('data', (chunk: Buffer) => {
            if (settled) return;
            total += chunk.length;
            if (total > opts.maxBytes) {
              settled = true;
              res.destroy();
              reject(tooLarge(opts.maxBytes));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            resolve({
              status,
              body: Buffer.concat(chunks, total).toString('utf8'),
              ...(retry !== undefined ? { retryAfterMs: retry } : {}),
            });
          });
          res.on('error', (e) => {
            if (settled) return;
            settled = true;
            reject(e);
          });
          res.on('aborted', () => {
            if (settled) return;
            settled = true;
            reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  } catch (e) {
    if (e instanceof LlmError) throw e;
    if (controller.signal.aborted) {
      throw outer?.aborted
        ? new LlmError('budget', 'the scan round ran out of time for the language model')
        : new LlmError(
            'timeout',
            `${url.host} did not answer within ${Math.round(opts.timeoutMs / 100) / 10} s`,
          );
    }
    const err = e as NodeJS.ErrnoException;
    // The guard's refusal at connect time (DNS rebinding) arrives here as a request error.
    if (err.name === 'FeedError')
      throw new LlmError('refused-url', `the language model address is refused: ${err.message}`);
    throw new LlmError('network', networkMessage(err, url));
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuter);
  }
}

function tooLarge(maxBytes: number): LlmError {
  return new LlmError(
    'too-large',
    `the language model's answer is larger than the ${Math.ceil(maxBytes / 1024)} KB limit (HORIZON_LLM_MAX_BYTES)`,
  );
}
