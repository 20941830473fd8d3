import type { ColumnType, Generated, Selectable } from 'kysely';

/**
 * The Kysely view of the database. It mirrors src/db/migrations/*.sql column by column:
 * nullable columns are `| null`, columns with a database default are `Generated`.
 */

/** timestamptz: read as Date (node-postgres parses it), written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date | null, Date | string | undefined, Date | string | null>;

/** A failed side of a turn, stored as jsonb. */
export interface SideError {
  category: string;
  message: string;
}
/** jsonb is written as its JSON text. */
type SideErrorInput = string;
type JsonColumn<T> = ColumnType<T, string, string>;

/** What an upstream reported about one side's tokens (either figure may be missing). */
export interface SideUsage {
  input_tokens: number | null;
  output_tokens: number | null;
}

export type ComparisonMode = 'named' | 'anonymous';
export type VoteOutcome = 'model1' | 'model2' | 'tie' | 'both_bad';

export interface UsersTable {
  user_id: string;
  full_name: string | null;
  email: string | null;
  role: ColumnType<string | null, string | undefined, string | null>;
  created_at: DefaultedTimestamp;
  last_login_at: Timestamp | null;
  /** Set while an admin has disabled the account: its tokens stop working, its data stays. */
  disabled_at: Timestamp | null;
  /** NULL reads as 0; bumped when the password changes or is reset, or the account is disabled. */
  token_generation: number | null;
}

export interface AiModelsTable {
  model_id: Generated<string>;
  model_name: string;
  provider_name: string | null;
  api_url: string | null;
  description: string | null;
  status: ColumnType<string | null, string | undefined, string | null>;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: Timestamp | null;
}

export interface ThreadsTable {
  thread_id: Generated<string>;
  user_id: string | null;
  title: string | null;
  visibility: ColumnType<string | null, string | undefined, string | null>;
  created_at: DefaultedTimestamp;
}

export interface ThreadMessagesTable {
  message_id: Generated<string>;
  thread_id: string;
  prompt_text: string | null;
  model1_id: string | null;
  model2_id: string | null;
  model1_response: string | null;
  model2_response: string | null;
  model1_time_ms: number | null;
  model2_time_ms: number | null;
  comparison_id: string | null;
  created_at: DefaultedTimestamp;
  model1_error: ColumnType<SideError | null, SideErrorInput | null | undefined, SideErrorInput | null>;
  model2_error: ColumnType<SideError | null, SideErrorInput | null | undefined, SideErrorInput | null>;
}

export interface ComparisonsTable {
  comparison_id: Generated<string>;
  user_id: string | null;
  prompt_text: string | null;
  model1_id: string | null;
  model2_id: string | null;
  model1_response: string | null;
  model2_response: string | null;
  model1_time_ms: number | null;
  model2_time_ms: number | null;
  created_at: DefaultedTimestamp;
  mode: ComparisonMode | null;
  model1_error: ColumnType<SideError | null, SideErrorInput | null | undefined, SideErrorInput | null>;
  model2_error: ColumnType<SideError | null, SideErrorInput | null | undefined, SideErrorInput | null>;
  model1_usage: ColumnType<SideUsage | null, string | null | undefined, string | null>;
  model2_usage: ColumnType<SideUsage | null, string | null | undefined, string | null>;
  model1_ttft_ms: number | null;
  model2_ttft_ms: number | null;
}

export interface ModelVotesTable {
  vote_id: Generated<string>;
  user_id: string | null;
  comparison_id: string | null;
  winner_model_id: string | null;
  created_at: DefaultedTimestamp;
  outcome: VoteOutcome | null;
  /** Set by a trigger on insert (migration 0008): whether the vote counts as blind. */
  blind: ColumnType<boolean | null, never, boolean | null>;
}

export interface ProvidersTable {
  provider_name: string;
  display_name: string | null;
  is_enabled: Generated<boolean>;
  priority: Generated<number>;
  created_at: DefaultedTimestamp;
  updated_at: Timestamp | null;
  /** Migration 0018: a generic provider's OpenAI-compatible base URL. */
  base_url: string | null;
}

export interface ProviderApiKeysTable {
  key_id: Generated<string>;
  provider_name: string;
  api_key: string;
  display_mask: string | null;
  is_active: Generated<boolean>;
  failure_count: Generated<number>;
  total_calls: Generated<number>;
  last_used_at: Timestamp | null;
  last_error_type: string | null;
  last_error_category: string | null;
  /** Migration 0025: when the last error happened. */
  last_error_at: Timestamp | null;
  cooldown_until: Timestamp | null;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: Timestamp | null;
}

export interface SystemSettingsTable {
  key: string;
  value: string | null;
  created_at: DefaultedTimestamp;
  updated_at: Timestamp | null;
}

export interface LocalCredentialsTable {
  user_id: string;
  email: string;
  password_hash: string;
  created_at: Generated<Date>;
  updated_at: Timestamp | null;
}

/** Migration 0019: invite codes for invite-only sign-up (only their hash). */
export interface SignupInvitesTable {
  invite_id: Generated<string>;
  code_hash: string;
  note: string | null;
  max_uses: Generated<number>;
  uses: Generated<number>;
  expires_at: Date;
  created_by: string | null;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface VotePairCountsTable {
  model_a: string;
  model_b: string;
  outcome: 'a' | 'b' | 'tie';
  blind: boolean;
  /** The battle failed (a side errored or came back empty): left out of the ratings. */
  failed: boolean;
  /** bigint: node-postgres reads it as a string. */
  votes: ColumnType<string, never, never>;
  time_a_sum: ColumnType<string, never, never>;
  time_a_count: ColumnType<string, never, never>;
  time_b_sum: ColumnType<string, never, never>;
  time_b_count: ColumnType<string, never, never>;
}

/** vote_pair_counts per category (migration 0026): rule categories, `language:xx`, and labels. */
export interface VoteCategoryCountsTable extends VotePairCountsTable {
  category: string;
}

export type UsageSource = 'upstream' | 'tokenizer' | 'import';

/** FastChat's conv_metadata object (see src/analysis/convMetadata.ts for its shape). */
export type ConvMetadataJson = Record<string, number | Record<string, number>>;

export interface ComparisonFeaturesTable {
  comparison_id: string;
  features_version: number;
  model1_tokens: number;
  model2_tokens: number;
  model1_headers: number;
  model2_headers: number;
  model1_lists: number;
  model2_lists: number;
  model1_bold: number;
  model2_bold: number;
  conv_metadata: JsonColumn<ConvMetadataJson>;
  prompt_tokens: number;
  prompt_hash: string;
  is_coding: boolean;
  is_long_query: boolean;
  is_multi_turn: boolean;
  language: string | null;
  identity_leak: boolean;
  model1_input_tokens: number | null;
  model1_output_tokens: number | null;
  model1_ttft_ms: number | null;
  model2_input_tokens: number | null;
  model2_output_tokens: number | null;
  model2_ttft_ms: number | null;
  usage_source: UsageSource | null;
  computed_at: Generated<Date>;
}

export interface ComparisonLabelsTable {
  comparison_id: string;
  category: string;
  value: boolean | null;
  score: number | null;
  labeller_model_id: string | null;
  labelled_at: Timestamp | null;
  /** Migration 0023: the labeller's version of `value`, and its queue state (src/labeller/store.ts). */
  prompt_version: number | null;
  attempt_target: string | null;
  attempts: number | null;
  retry_at: Timestamp | null;
  last_error: string | null;
}

export interface LabellerPaceTable {
  id: Generated<boolean>;
  next_call_at: Timestamp;
}

export interface ModelPricesTable {
  model_id: string;
  /** numeric: node-postgres reads it as a string. */
  input_per_million: ColumnType<string, string | number, string | number>;
  output_per_million: ColumnType<string, string | number, string | number>;
  currency: Generated<string>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

/** Tombstones: a deleted account's still-valid token must not recreate it. */
export interface DeletedAccountsTable {
  user_id: string;
  deleted_at: Generated<Date>;
}

/** One-time password resets set by an admin; only the code's SHA-256 is stored. */
export interface PasswordResetsTable {
  user_id: string;
  code_hash: string;
  expires_at: Timestamp;
  created_by: string | null;
  created_at: Generated<Date>;
}

export type AuditActorKind = 'user' | 'cli' | 'local';

/** Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). */
export interface AuditLogTable {
  /** bigint identity: node-postgres reads it as a string. */
  entry_id: ColumnType<string, never, never>;
  created_at: ColumnType<Date, never, never>;
  actor_id: string | null;
  actor_email: string | null;
  actor_kind: AuditActorKind;
  ip: string | null;
  action: string;
  method: string | null;
  route: string | null;
  target: string | null;
  status: number | null;
  /** jsonb, written as its JSON text. */
  details: ColumnType<Record<string, unknown>, string, never>;
  request_id: string | null;
}

export interface PromptVoteCountsTable {
  prompt_hash: string;
  /** bigint: node-postgres reads it as a string. Kept by triggers (migration 0009). */
  votes: ColumnType<string, never, never>;
}

export interface SchemaMigrationsTable {
  version: string;
  name: string;
  applied_at: Generated<Date>;
}

export interface EvalPromptsTable {
  prompt_hash: string;
  prompt_text: string;
}

export interface PromptSetsTable {
  prompt_set_id: Generated<string>;
  user_id: string;
  name: string;
  latest_version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PromptSetVersionsTable {
  prompt_set_id: string;
  version: number;
  prompt_count: number;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface PromptSetItemsTable {
  prompt_set_id: string;
  version: number;
  position: number;
  item_key: string;
  prompt_hash: string;
  category: string | null;
  reference: string | null;
  question_hash: string;
}

export interface JudgePromptsTable {
  judge_prompt_id: Generated<string>;
  user_id: string | null;
  name: string;
  latest_version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface JudgePromptVersionsTable {
  judge_prompt_id: string;
  version: number;
  system_prompt: string;
  prompt_template: string;
  created_at: Generated<Date>;
}

export type EvaluationMode = 'vs_baseline' | 'round_robin';
export type EvaluationStatus = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';
/** How answers are asked for; part of an answer's key through its hash. */
export interface GenerationSettings {
  system_prompt?: string;
}

export interface EvaluationsTable {
  evaluation_id: Generated<string>;
  user_id: string;
  name: string | null;
  prompt_set_id: string;
  prompt_set_version: number;
  mode: EvaluationMode;
  model_ids: string[];
  baseline_model_id: string | null;
  judge_model_id: string;
  judge_prompt_id: string;
  judge_prompt_version: number;
  /** jsonb, written as its JSON text. */
  generation_settings: ColumnType<GenerationSettings, string, string>;
  settings_hash: string;
  status: EvaluationStatus;
  attempt: Generated<number>;
  error: string | null;
  answers_total: number;
  judgments_total: number;
  /** bigint: read as a string. */
  active_ms: ColumnType<string, number | undefined, number>;
  created_at: Generated<Date>;
  started_at: Timestamp | null;
  resumed_at: Timestamp | null;
  finished_at: Timestamp | null;
  updated_at: Generated<Date>;
  results: ColumnType<unknown | null, string | null | undefined, string | null>;
}

export interface EvalAnswersTable {
  answer_id: Generated<string>;
  model_id: string;
  prompt_hash: string;
  settings_hash: string;
  answer_text: Generated<string>;
  error: ColumnType<SideError | null, SideErrorInput | null | undefined, SideErrorInput | null>;
  input_tokens: number | null;
  output_tokens: number | null;
  time_ms: number | null;
  ttft_ms: number | null;
  provider_name: string | null;
  attempt_tag: string | null;
  evaluation_id: string | null;
  created_at: Generated<Date>;
}

export type JudgeVerdict = 'A>>B' | 'A>B' | 'A=B' | 'B>A' | 'B>>A';
export type StoredVerdict = JudgeVerdict | 'unparsed' | 'failed';

export interface EvalJudgmentsTable {
  judgment_id: Generated<string>;
  judge_model_id: string;
  judge_prompt_id: string;
  judge_prompt_version: number;
  question_hash: string;
  answer_a_id: string;
  answer_b_id: string;
  verdict: StoredVerdict;
  judgment_text: Generated<string>;
  attempts: Generated<number>;
  error: ColumnType<SideError | null, SideErrorInput | null | undefined, SideErrorInput | null>;
  input_tokens: number | null;
  output_tokens: number | null;
  time_ms: number | null;
  provider_name: string | null;
  attempt_tag: string | null;
  evaluation_id: string | null;
  created_at: Generated<Date>;
}

export interface JobInstancesTable {
  instance_id: string;
  started_at: Generated<Date>;
  heartbeat_at: Generated<Date>;
}

export interface JobClaimsTable {
  job_id: string;
  queue: string;
  instance_id: string;
  claimed_at: Generated<Date>;
}

export interface Database {
  users: UsersTable;
  ai_models: AiModelsTable;
  threads: ThreadsTable;
  thread_messages: ThreadMessagesTable;
  comparisons: ComparisonsTable;
  model_votes: ModelVotesTable;
  providers: ProvidersTable;
  provider_api_keys: ProviderApiKeysTable;
  system_settings: SystemSettingsTable;
  local_credentials: LocalCredentialsTable;
  signup_invites: SignupInvitesTable;
  vote_pair_counts: VotePairCountsTable;
  vote_category_counts: VoteCategoryCountsTable;
  comparison_features: ComparisonFeaturesTable;
  comparison_labels: ComparisonLabelsTable;
  labeller_pace: LabellerPaceTable;
  model_prices: ModelPricesTable;
  prompt_vote_counts: PromptVoteCountsTable;
  audit_log: AuditLogTable;
  deleted_accounts: DeletedAccountsTable;
  password_resets: PasswordResetsTable;
  schema_migrations: SchemaMigrationsTable;
  eval_prompts: EvalPromptsTable;
  prompt_sets: PromptSetsTable;
  prompt_set_versions: PromptSetVersionsTable;
  prompt_set_items: PromptSetItemsTable;
  judge_prompts: JudgePromptsTable;
  judge_prompt_versions: JudgePromptVersionsTable;
  evaluations: EvaluationsTable;
  eval_answers: EvalAnswersTable;
  eval_judgments: EvalJudgmentsTable;
  job_instances: JobInstancesTable;
  job_claims: JobClaimsTable;
}

export type User = Selectable<UsersTable>;
export type SignupInvite = Selectable<SignupInvitesTable>;
export type AiModel = Selectable<AiModelsTable>;
export type Thread = Selectable<ThreadsTable>;
export type ThreadMessage = Selectable<ThreadMessagesTable>;
export type Comparison = Selectable<ComparisonsTable>;
export type ModelVote = Selectable<ModelVotesTable>;
export type Provider = Selectable<ProvidersTable>;
export type ProviderApiKey = Selectable<ProviderApiKeysTable>;
export type SystemSetting = Selectable<SystemSettingsTable>;
export type PromptSet = Selectable<PromptSetsTable>;
export type PromptSetItem = Selectable<PromptSetItemsTable>;
export type JudgePromptVersion = Selectable<JudgePromptVersionsTable>;
export type Evaluation = Selectable<EvaluationsTable>;
export type EvalAnswer = Selectable<EvalAnswersTable>;
export type EvalJudgment = Selectable<EvalJudgmentsTable>;
export type ComparisonFeatures = Selectable<ComparisonFeaturesTable>;
export type ModelPrice = Selectable<ModelPricesTable>;
export type AuditEntry = Selectable<AuditLogTable>;
