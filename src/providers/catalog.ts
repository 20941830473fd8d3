import type { Kysely } from 'kysely';
import type { AiModel, Database, Provider } from '../db/schema.js';

export interface CatalogSnapshot {
  models: AiModel[];
  providers: Map<string, Provider>;
}

/**
 * Models and providers, read from the database at most once per `ttlMs` (and at once after an
 * admin change on this instance), so the chat hot path does not query them per request.
 */
export class Catalog {
  private cached: { at: number; snapshot: Promise<CatalogSnapshot> } | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs: number,
  ) {}

  invalidate(): void {
    this.cached = undefined;
  }

  snapshot(): Promise<CatalogSnapshot> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > this.ttlMs) {
      const snapshot = this.load();
      this.cached = { at: now, snapshot };
      snapshot.catch(() => {
        if (this.cached?.snapshot === snapshot) this.cached = undefined;
      });
    }
    return this.cached.snapshot;
  }

  private async load(): Promise<CatalogSnapshot> {
    const [models, providers] = await Promise.all([
      this.db.selectFrom('ai_models').selectAll().orderBy('created_at').orderBy('model_id').execute(),
      this.db.selectFrom('providers').selectAll().execute(),
    ]);
    return { models, providers: new Map(providers.map((provider) => [provider.provider_name, provider])) };
  }

  async model(modelId: string): Promise<AiModel | undefined> {
    return (await this.snapshot()).models.find((model) => model.model_id === modelId);
  }

  /** Models users may pick: active, on an enabled provider (a provider with no row counts as enabled). */
  async activeModels(): Promise<AiModel[]> {
    const { models, providers } = await this.snapshot();
    return models.filter((model) => model.status === 'active' && providers.get(model.provider_name ?? '')?.is_enabled !== false);
  }

  /**
   * Where a model can be served: its own row first, then every other active row with the same
   * model_name on an enabled provider, by provider priority (higher first).
   */
  async servingTargets(model: AiModel): Promise<AiModel[]> {
    const { providers } = await this.snapshot();
    const priority = (row: AiModel) => providers.get(row.provider_name ?? '')?.priority ?? 0;
    const others = (await this.activeModels())
      .filter((row) => row.model_name === model.model_name && row.model_id !== model.model_id)
      .sort((a, b) => priority(b) - priority(a));
    const ownEnabled = providers.get(model.provider_name ?? '')?.is_enabled !== false;
    return ownEnabled ? [model, ...others] : others;
  }
}
