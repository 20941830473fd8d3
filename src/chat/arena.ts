import type { AiModel } from '../db/schema.js';

/**
 * Two different models for an anonymous battle, sides in random order. A model is drawn with
 * weight 1/sqrt(1 + its votes), so models with few votes get battles and their ratings settle.
 * Rows with the same model_name (one model on two providers) never meet each other.
 */
export function pickAnonymousPair(models: AiModel[], votes: ReadonlyMap<string, number>, random: () => number = Math.random): [AiModel, AiModel] | undefined {
  const draw = (pool: AiModel[]): AiModel | undefined => {
    const weights = pool.map((model) => 1 / Math.sqrt(1 + (votes.get(model.model_id) ?? 0)));
    let point = random() * weights.reduce((sum, weight) => sum + weight, 0);
    for (const [index, model] of pool.entries()) {
      point -= weights[index] ?? 0;
      if (point <= 0) return model;
    }
    return pool.at(-1);
  };
  const first = draw(models);
  if (!first) return undefined;
  const second = draw(models.filter((model) => model.model_name !== first.model_name));
  if (!second) return undefined;
  return random() < 0.5 ? [first, second] : [second, first];
}

export const isDemoModel = (model: Pick<AiModel, 'provider_name'>): boolean => model.provider_name === 'demo';

/**
 * Whether the offline demo models have stepped aside (issue 17): once the real models can make
 * an anonymous battle on their own (two different active ones), the demo models leave the
 * anonymous pool and the default leaderboard, unless the keep_demo_models setting keeps them.
 * With a single real model they stay, or anonymous battles would stop working.
 */
export function demoModelsRetired(active: AiModel[], keepDemoModels: boolean): boolean {
  return !keepDemoModels && new Set(active.filter((model) => !isDemoModel(model)).map((model) => model.model_name)).size >= 2;
}

/** The models an anonymous battle draws from. */
export function anonymousPool(active: AiModel[], keepDemoModels: boolean): AiModel[] {
  return demoModelsRetired(active, keepDemoModels) ? active.filter((model) => !isDemoModel(model)) : active;
}
