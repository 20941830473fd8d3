// The rules' version and thresholds, in a module of their own so the server can read them without
// loading the tokenizer and the language detector (which only the analysis worker loads).

/**
 * The version of the rules in this folder, stored with every comparison_features row. Raise it
 * when a rule changes: the background pass then recomputes every comparison whose text is stored.
 */
export const FEATURES_VERSION = 1;

/** LMArena's "longer query" category: a prompt of at least this many tokens. */
export const LONG_QUERY_TOKENS = 500;
