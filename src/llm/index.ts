export { type LlmAnswer, parseCompletion, safeLine } from './answer.js';
export { blendTagging, whyItMatters, WHY_IT_MATTERS } from './blend.js';
export { resolveEndpoint, type Endpoint } from './endpoint.js';
export { LlmError, type LlmFailure } from './errors.js';
export { withLanguageModel } from './ingest.js';
export {
  createLanguageModel,
  type LanguageModel,
  type LanguageModelOptions,
  type LlmRound,
  type LlmRoundStats,
} from './model.js';
export { buildMessages, neutralise, type LlmItem } from './prompt.js';
