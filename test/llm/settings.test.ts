import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { DEFAULT_AZURE_API_VERSION, resolveEndpoint } from '../../src/llm/endpoint.js';

describe('language model settings', () => {
  it('are off unless HORIZON_LLM_URL is set', () => {
    expect(loadConfig({}).llm).toBeNull();
  });

  it('read the URL, model, key and limits', () => {
    const c = loadConfig({
      HORIZON_LLM_URL: 'https://api.openai.com/v1',
      HORIZON_LLM_MODEL: 'gpt-4o-mini',
      HORIZON_LLM_API_KEY: 'sk-x',
      HORIZON_LLM_CALLS_PER_SCAN: '50',
      HORIZON_LLM_TIMEOUT_MS: '10000',
    }).llm;
    expect(c).toMatchObject({
      url: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini',
      apiKey: 'sk-x',
      callsPerScan: 50,
      timeoutMs: 10_000,
      responseFormat: 'json_schema',
      concurrency: 2,
    });
  });

  it.each([
    [{ HORIZON_LLM_URL: 'https://api.openai.com/v1' }, /HORIZON_LLM_MODEL: is not set/],
    [{ HORIZON_LLM_MODEL: 'gpt-4o-mini' }, /HORIZON_LLM_URL: is not set/],
    [{ HORIZON_LLM_API_KEY: 'sk-x' }, /HORIZON_LLM_URL: is not set/],
    [
      { HORIZON_LLM_URL: 'api.openai.com', HORIZON_LLM_MODEL: 'm' },
      /HORIZON_LLM_URL: .* is not a web address/,
    ],
    [
      { HORIZON_LLM_URL: 'ftp://models.example.org', HORIZON_LLM_MODEL: 'm' },
      /HORIZON_LLM_URL: must start with https/,
    ],
    [
      { HORIZON_LLM_URL: 'https://u:p@models.example.org/v1', HORIZON_LLM_MODEL: 'm' },
      /HORIZON_LLM_URL: must not carry/,
    ],
    [
      {
        HORIZON_LLM_URL: 'http://models.example.org/v1',
        HORIZON_LLM_MODEL: 'm',
        HORIZON_LLM_API_KEY: 'sk-x',
      },
      /HORIZON_LLM_URL: uses http:\/\/ to a remote host while HORIZON_LLM_API_KEY is set/,
    ],
    [{ HORIZON_LLM_TIMEOUT_MS: 'soon' }, /HORIZON_LLM_TIMEOUT_MS/],
    [{ HORIZON_LLM_CALLS_PER_SCAN: '-1' }, /HORIZON_LLM_CALLS_PER_SCAN/],
    [{ HORIZON_LLM_RESPONSE_FORMAT: 'xml' }, /HORIZON_LLM_RESPONSE_FORMAT/],
  ])('refuse %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('let a local server take a key over plain http', () => {
    const c = loadConfig({
      HORIZON_LLM_URL: 'http://localhost:11434/v1',
      HORIZON_LLM_MODEL: 'llama3.1',
      HORIZON_LLM_API_KEY: 'ollama',
    }).llm;
    expect(c?.url).toBe('http://localhost:11434/v1');
  });
});

describe('the chat-completions address', () => {
  it('adds /chat/completions to an OpenAI-style base URL and sends a bearer key', () => {
    const e = resolveEndpoint({ url: 'https://api.openai.com/v1/', apiKey: 'sk-x' });
    expect(e.url.href).toBe('https://api.openai.com/v1/chat/completions');
    expect(e.headers.authorization).toBe('Bearer sk-x');
    expect(e.headers['api-key']).toBeUndefined();
    expect(e.azure).toBe(false);
  });

  it('adds /v1 for a bare local server and sends no key when none is set', () => {
    const e = resolveEndpoint({ url: 'http://localhost:11434' });
    expect(e.url.href).toBe('http://localhost:11434/v1/chat/completions');
    expect(e.headers.authorization).toBeUndefined();
  });

  it('uses a full chat-completions URL as given', () => {
    expect(resolveEndpoint({ url: 'http://10.0.0.5:8000/v1/chat/completions' }).url.href).toBe(
      'http://10.0.0.5:8000/v1/chat/completions',
    );
  });

  it('sends an Azure deployment the api-key header and an api-version', () => {
    const e = resolveEndpoint({
      url: 'https://contoso.openai.azure.com/openai/deployments/gpt-4o-mini',
      apiKey: 'azure-key',
    });
    expect(e.url.pathname).toBe('/openai/deployments/gpt-4o-mini/chat/completions');
    expect(e.url.searchParams.get('api-version')).toBe(DEFAULT_AZURE_API_VERSION);
    expect(e.headers['api-key']).toBe('azure-key');
    expect(e.headers.authorization).toBeUndefined();
    expect(e.label).not.toContain('api-version');
  });

  it("keeps an Azure URL's own api-version, or takes HORIZON_LLM_API_VERSION", () => {
    const own = resolveEndpoint({
      url: 'https://contoso.openai.azure.com/openai/deployments/d/chat/completions?api-version=2025-01-01-preview',
      apiVersion: '2024-06-01',
    });
    expect(own.url.searchParams.get('api-version')).toBe('2025-01-01-preview');
    const set = resolveEndpoint({
      url: 'https://contoso.cognitiveservices.azure.com/openai/deployments/d',
      apiVersion: '2024-06-01',
    });
    expect(set.url.searchParams.get('api-version')).toBe('2024-06-01');
  });

  it('sends a bare Azure resource to the v1 API, which needs no api-version', () => {
    const e = resolveEndpoint({ url: 'https://contoso.openai.azure.com', apiKey: 'k' });
    expect(e.url.href).toBe('https://contoso.openai.azure.com/openai/v1/chat/completions');
    expect(e.headers['api-key']).toBe('k');
  });
});
