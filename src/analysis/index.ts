/**
 * What other code uses from the analysis: the analyser (tokenising and classifying on a worker
 * thread, so callers never load the tokenizer or block their event loop), the shapes it answers
 * with, and the rules' version. Everything here is light to import. The synchronous functions
 * (`answerFeatures`, `comparisonFacts` in ./features.ts) load the tokenizer and the language
 * detector into the importing thread: use them from a worker or a script, not from the server.
 */
export { createAnalyser, type Analyser } from './analyser.js';
export type { AnalysisResult } from './analyse.js';
export type { AnswerFeatures, ComparisonFacts, ComparisonText } from './features.js';
export type { RegistryNames } from './identity.js';
export type { MarkdownCounts } from './markdown.js';
export { FEATURES_VERSION, LONG_QUERY_TOKENS } from './rules.js';
export { registryNames } from './store.js';
