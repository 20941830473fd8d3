/**
 * Does an answer give away which model wrote it? FastChat drops a battle from the anonymous set
 * when either side contains one of its IDENTITY_WORDS as a substring, which also catches "palm
 * of your hand", "meta tags" and "Claude Monet". Here names that mean nothing else leak wherever
 * they stand (as whole words), and names that are also ordinary words leak only where the text
 * uses them as a model or a maker: "I am Claude", "developed by Google", "Llama 3", "Meta AI",
 * "Gemini Pro", "Google's language model".
 */

export interface RegistryNames {
  /** `ai_models.model_name` of every model. */
  modelNames: readonly string[];
  /** `providers.provider_name` and `display_name`. */
  providerNames: readonly string[];
}

/** Names of models and makers that are not also common words. */
const DISTINCT_NAMES = [
  'openai',
  'chatgpt',
  'gpt-?[1-9](\\.\\d+)?[a-z]?',
  'gpt-?4o',
  'qwen(\\d+(\\.\\d+)?)?',
  'qianwen',
  'tongyi',
  'deepseek',
  'mixtral',
  'codestral',
  'chatglm',
  'zhipu',
  'lmsys',
  'laion',
  'open-?assistant',
  'databricks',
  'dbrx',
  'nemotron',
  'anthropic(?!\\s+principle)',
  'claude-\\d(\\.\\d+)?',
  'gemini-\\d(\\.\\d+)?',
  'llama-?\\d(\\.\\d+)?',
  '01\\.ai',
];

/** Names of models and makers that are also words, places or people. */
const AMBIGUOUS_NAMES = [
  'claude',
  'gemini',
  'gemma',
  'google',
  'deepmind',
  'meta',
  'llama',
  'mistral',
  'gpt',
  'bard',
  'palm',
  'cohere',
  'hermes',
  'alibaba',
  'koala',
  'vicuna',
  'grok',
  'xai',
  'microsoft',
  'phi',
  'copilot',
  'tulu',
  'tülu',
  'ai2',
];

/**
 * Words that appear in model names but say nothing about who made them: they never count as a
 * name on their own.
 */
const GENERIC_PARTS = new Set(
  (
    'ai chat instruct instant versatile preview latest turbo mini nano pro plus max flash lite light large medium small tiny base ' +
    'model models free online offline beta alpha vision code coder reasoning thinking experimental exp it hf fp8 fp16 int4 int8 ' +
    'awq gguf gptq demo test concise detailed distill fast quick ultra open air edge next hd sonnet opus haiku scout maverick ' +
    'api provider compatible local server the and'
  ).split(' '),
);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `llama-3.3`, `llama 3.3`, `llama_3.3` and `llama3.3` are one name. */
const flexible = (name: string) => escape(name).replace(/[-_ ]+/g, '[-_ ]?');

/**
 * From a model name: the whole name and its family with a version ("llama-3.3-70b-versatile"
 * gives that, "llama-3.3" and "llama-3") name a model wherever they stand; the family alone
 * ("llama"), an organisation prefix ("meta-llama/") and other distinctive parts only in a
 * model context.
 */
function modelNameTerms(modelName: string): { distinct: string[]; ambiguous: string[] } {
  const distinct: string[] = [];
  const ambiguous: string[] = [];
  const lower = modelName.trim().toLowerCase();
  const slash = lower.lastIndexOf('/');
  const name = lower.slice(slash + 1);
  if (/[a-z]/.test(name) && /[-_. \d]/.test(name)) distinct.push(flexible(name));
  const family = /^([a-z]{2,})[-_ ]?(\d+(?:\.\d+)*)/.exec(name);
  if (family?.[1] && family[2] && !GENERIC_PARTS.has(family[1])) {
    distinct.push(`${escape(family[1])}[-_ ]?${escape(family[2])}`);
    const major = family[2].split('.')[0];
    if (major !== family[2]) distinct.push(`${escape(family[1])}[-_ ]?${major}`);
  }
  for (const part of lower.split(/[^a-z0-9]+/)) {
    if (part.length >= 3 && /^[a-z]/.test(part) && !GENERIC_PARTS.has(part)) ambiguous.push(escape(part));
  }
  return { distinct, ambiguous };
}

function providerTerms(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((part) => part.length >= 3 && /^[a-z]/.test(part) && !GENERIC_PARTS.has(part))
    .map(escape);
}

const BEFORE = '(?<![\\p{L}\\p{N}_])';
/** A name ends where a word does: "meta" is not in "metadata", "gemini 2" not in "Gemini 2024". */
const AFTER = '(?![\\p{L}\\p{N}_])';
const alternation = (terms: Iterable<string>) => [...new Set(terms)].sort((a, b) => b.length - a.length).join('|');

/** After a name used as a model's: a version or size (not a year), or a product word. */
const MODEL_SUFFIX = '[-_ ]?(\\d{1,3}(\\.\\d+)*[a-z]?|ai|pro|ultra|flash|nano|sonnet|opus|haiku|instant|deepmind|brain|platforms)';
/** "I am", "I'm an AI assistant called", "my name is", "a large language model named". */
const SELF =
  "(i\\s+am|i['’]m|my\\s+name\\s+is|call\\s+me|known\\s+as)\\s+(an?\\s+|the\\s+)?((\\p{L}+\\s+){0,3}?(model|assistant|chatbot|llm|ai|version)\\s+(called\\s+|named\\s+|of\\s+)?)?";
/** "I was trained by", "a language model developed by the team at", "an assistant made by". */
const MAKER =
  "(i\\s+was|i\\s+am|i['’]m|i\\s+have\\s+been|i['’]ve\\s+been|(model|assistant|chatbot|llm|ai))\\s+(developed|created|trained|made|built|designed|programmed|fine-tuned)\\s+by\\s+(the\\s+)?((\\p{L}+\\s+){0,2}?(at|of|from)\\s+)?";
/** "a model from", "an assistant by". */
const FROM = '(model|assistant|chatbot|llm)\\s+(from|by)\\s+';
/** "Google's language model", "Meta's AI". */
const POSSESSIVE = "['’]s\\s+(\\p{L}+\\s+)?(model|ai|assistant|chatbot|llm)";

export interface IdentityMatcher {
  /**
   * The first name an answer leaks, or undefined. A name the prompt itself mentions only counts
   * when an answer speaks of itself with it ("I am ChatGPT"): an answer about the OpenAI API to a
   * question about the OpenAI API gives nothing away.
   */
  leak(answers: readonly string[], prompt: string): string | undefined;
}

/** A matcher for the names of this registry plus the built-in lists; build it once per registry. */
export function identityMatcher(registry: RegistryNames): IdentityMatcher {
  const distinct = new Set(DISTINCT_NAMES);
  const ambiguous = new Set(AMBIGUOUS_NAMES.map(escape));
  for (const modelName of registry.modelNames) {
    const terms = modelNameTerms(modelName);
    terms.distinct.forEach((term) => distinct.add(term));
    terms.ambiguous.forEach((term) => ambiguous.add(term));
  }
  for (const name of registry.providerNames) providerTerms(name).forEach((term) => ambiguous.add(term));
  const names = alternation(ambiguous);
  const selfStatements = [new RegExp(`${BEFORE}${SELF}(?<name>${names}|${alternation(distinct)})${AFTER}`, 'giu'), new RegExp(`${BEFORE}${MAKER}(?<name>${names}|${alternation(distinct)})${AFTER}`, 'giu')];
  const mentions = [
    new RegExp(`${BEFORE}(?<name>${alternation(distinct)})${AFTER}`, 'giu'),
    new RegExp(`${BEFORE}${FROM}(?<name>${names})${AFTER}`, 'giu'),
    new RegExp(`${BEFORE}(?<name>${names})${MODEL_SUFFIX}${AFTER}`, 'giu'),
    new RegExp(`${BEFORE}(?<name>${names})${POSSESSIVE}${AFTER}`, 'giu'),
  ];
  return {
    leak(answers, prompt) {
      const asked = prompt.toLowerCase();
      for (const answer of answers) {
        for (const pattern of selfStatements) {
          const match = pattern.exec(answer);
          pattern.lastIndex = 0;
          if (match) return match[0].trim();
        }
        for (const pattern of mentions) {
          for (const match of answer.matchAll(pattern)) {
            if (!asked.includes((match.groups?.name ?? '').toLowerCase())) return match[0].trim();
          }
        }
      }
      return undefined;
    },
  };
}
