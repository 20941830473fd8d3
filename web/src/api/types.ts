/** The shapes of the DualMind Lab API (README "HTTP endpoints"), as the web app reads them. */

export type Role = 'user' | 'admin';

export interface User {
  user_id: string;
  full_name: string | null;
  email: string | null;
  role: string | null;
  created_at: string | null;
  last_login_at: string | null;
}

export interface Session {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  user: User;
}

export interface PublicModel {
  model_id: string;
  model_name: string;
  provider_name: string | null;
  description: string | null;
  status: string | null;
  is_demo: boolean;
}

export type ModelRef = Pick<PublicModel, 'model_id' | 'model_name' | 'provider_name' | 'is_demo'>;

export interface PublicSettings {
  public_sharing: boolean;
  max_prompt_chars: number;
  anonymous_battles_enabled: boolean;
  signup_enabled: boolean;
  /** Sign-up needs an invite code from an admin. */
  signup_invite_only: boolean;
  default_model1: string | null;
  default_model2: string | null;
}

export type Visibility = 'private' | 'unlisted' | 'public';
export const VISIBILITIES: readonly Visibility[] = ['private', 'unlisted', 'public'];

export interface Thread {
  thread_id: string;
  user_id: string | null;
  title: string | null;
  visibility: string | null;
  created_at: string | null;
}

export interface SideError {
  category: string;
  message: string;
}

export interface ThreadMessage {
  message_id: string;
  thread_id: string;
  prompt_text: string | null;
  model1_id: string | null;
  model2_id: string | null;
  model1_response: string | null;
  model2_response: string | null;
  model1_time_ms: number | null;
  model2_time_ms: number | null;
  model1_error: SideError | null;
  model2_error: SideError | null;
  comparison_id: string | null;
  created_at: string | null;
  models_hidden: boolean;
}

export interface ThreadWithMessages extends Thread {
  messages: ThreadMessage[];
}

export type Side = 'model1' | 'model2';
export type Outcome = 'model1' | 'model2' | 'tie' | 'both_bad';
export type BattleMode = 'named' | 'anonymous';

export interface Vote {
  vote_id: string;
  comparison_id: string | null;
  winner_model_id: string | null;
  outcome: string | null;
  created_at: string | null;
}

export interface VoteAnswer {
  vote: Vote;
  model1: ModelRef | null;
  model2: ModelRef | null;
}

/** Server-sent events of the chat routes. */
export interface MetaEvent {
  comparison_id?: string;
  message_id: string;
  thread_id: string;
  mode?: BattleMode;
  model1: ModelRef | null;
  model2?: ModelRef | null;
}
export interface DeltaEvent {
  side: Side;
  text: string;
}
export interface DoneEvent {
  side: Side;
  time_ms: number;
}
/** Without `side`, the turn failed as a whole after the stream began (its answers could not be stored). */
export interface ErrorEvent extends SideError {
  side?: Side;
}
export interface EndEvent {
  comparison_id?: string;
  message_id: string;
  thread_id: string;
}
export type ChatEvent =
  | { event: 'meta'; data: MetaEvent }
  | { event: 'delta'; data: DeltaEvent }
  | { event: 'done'; data: DoneEvent }
  | { event: 'error'; data: ErrorEvent }
  | { event: 'end'; data: EndEvent };

export type RatingMethod = 'bt' | 'elo';

export interface LeaderboardRow {
  rank: number;
  model_id: string;
  model_name: string;
  provider_name: string | null;
  rating: number;
  ci_lower: number | null;
  ci_upper: number | null;
  votes: number;
  wins: number;
  losses: number;
  ties: number;
  win_rate: number | null;
  avg_time_ms: number | null;
  comparable: boolean;
}

export interface Leaderboard {
  method: RatingMethod;
  votes: number;
  computed_at: string;
  models: LeaderboardRow[];
}

export interface WinRateMatrix {
  models: Array<{ model_id: string; model_name: string }>;
  win_rate: Array<Array<number | null>>;
  battles: number[][];
}

export interface LeaderboardFilters {
  method: RatingMethod;
  blind: boolean;
  since: string | null;
  mine: boolean;
}

export interface Provider {
  provider_name: string;
  display_name: string | null;
  is_enabled: boolean;
  priority: number;
  created_at: string | null;
  updated_at: string | null;
}

export const MODEL_STATUSES = ['active', 'inactive', 'deprecated'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

export interface AdminModel {
  model_id: string;
  model_name: string;
  provider_name: string | null;
  api_url: string | null;
  description: string | null;
  status: string | null;
  created_by: string | null;
  created_at: string | null;
  updated_at: string | null;
}

export interface ApiKey {
  key_id: string;
  provider_name: string;
  display_mask: string | null;
  is_active: boolean;
  failure_count: number;
  total_calls: number;
  last_used_at: string | null;
  last_error_type: string | null;
  last_error_category: string | null;
  cooldown_until: string | null;
  created_at: string | null;
}

export type KeyHealthState = 'healthy' | 'failing' | 'cooling' | 'inactive' | 'undecryptable';

export interface KeyWithHealth extends ApiKey {
  decryptable: boolean;
  health: KeyHealthState;
  cooldown_remaining_ms: number;
}

export interface ProviderHealth {
  provider: Provider;
  keys: KeyWithHealth[];
  summary: Record<'total' | 'healthy' | 'failing' | 'cooling' | 'inactive' | 'undecryptable' | 'calls', number>;
}

export interface DiscoveredModels {
  provider_name: string;
  models: Array<{ model_name: string; registered: boolean }>;
}

export interface Setting {
  key: string;
  value: string | null;
  known: boolean;
  description: string | null;
  created_at: string | null;
  updated_at: string | null;
}

export interface ApiErrorBody {
  error: { code: string; message: string };
}
