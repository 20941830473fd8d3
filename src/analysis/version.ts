/**
 * The version of the rules in this folder, stored with every comparison_features row. Raise it
 * when a rule changes: the background pass then recomputes every comparison whose text is stored.
 * (Its own module, so the server can read it without loading the tokenizer.)
 */
export const FEATURES_VERSION = 1;
