import type { LlmConfig } from '../config.js';

/** Azure OpenAI's GA data-plane version with structured outputs, used when a deployment URL names none. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

const AZURE_HOST = /\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/i;

export interface Endpoint {
  /** Where the chat-completions request goes. */
  url: URL;
  /** Authentication and content headers. Never logged: they carry the key. */
  headers: Record<string, string>;
  azure: boolean;
  /** The address without query or secrets, for log lines and messages. */
  label: string;
}

function withPath(url: URL, path: string): URL {
  const out = new URL(url.href);
  out.pathname = out.pathname.replace(/\/+$/, '') + path;
  return out;
}

/**
 * Turns HORIZON_LLM_URL into the chat-completions address and headers.
 *
 * - A base URL (`https://api.openai.com/v1`, `http://localhost:11434/v1`) gets `/chat/completions`;
 *   a bare host gets `/v1/chat/completions`; a full `…/chat/completions` is used as given.
 * - Azure OpenAI (`*.openai.azure.com` and the other Azure AI hosts) authenticates with an `api-key`
 *   header. A deployment URL (`/openai/deployments/NAME`) needs an `api-version` query, taken from the URL,
 *   else HORIZON_LLM_API_VERSION, else a GA default; the v1 API (`/openai/v1`) needs none, and a bare
 *   Azure host is sent to it.
 * - Anything else authenticates with `Authorization: Bearer`, when a key is set (a local Ollama,
 *   llama.cpp or vLLM server usually needs none).
 */
export function resolveEndpoint(cfg: Pick<LlmConfig, 'url' | 'apiKey' | 'apiVersion'>): Endpoint {
  const base = new URL(cfg.url);
  const azure = AZURE_HOST.test(base.hostname);
  const path = base.pathname.replace(/\/+$/, '');
  let url: URL;
  if (/\/chat\/completions$/.test(path)) url = new URL(base.href);
  else if (azure && path === '') url = withPath(base, '/openai/v1/chat/completions');
  else if (path === '') url = withPath(base, '/v1/chat/completions');
  else url = withPath(base, '/chat/completions');
  if (azure && /\/openai\/deployments\//.test(url.pathname) && !url.searchParams.has('api-version'))
    url.searchParams.set('api-version', cfg.apiVersion ?? DEFAULT_AZURE_API_VERSION);

  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (cfg.apiKey) {
    if (azure) headers['api-key'] = cfg.apiKey;
    else headers.authorization = `Bearer ${cfg.apiKey}`;
  }
  return { url, headers, azure, label: `${url.origin}${url.pathname}` };
}
