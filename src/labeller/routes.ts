import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/context.js';
import { bearerSecurity, errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { LABEL_CATEGORIES } from './categories.js';
import { LABELLER_STATES } from './service.js';
import { labelProgress, MAX_ATTEMPTS } from './store.js';

const count = z.number().int().min(0);

const progressSchema = z
  .object({
    enabled: z.boolean().openapi({ description: 'A labeller model is set (setting labeller_model_id) and exists' }),
    model: z.object({ model_id: z.uuid(), model_name: z.string() }).nullable(),
    problem: z.string().nullable().openapi({ description: 'Why the labeller cannot run although a model is set' }),
    rate_per_minute: z.number().int(),
    max_attempts: z.number().int().openapi({ description: 'Unreadable replies a comparison gets before it counts as failed' }),
    categories: z.array(
      z.object({
        category: z.enum(LABEL_CATEGORIES),
        enabled: z.boolean().openapi({ description: 'Listed in the setting labeller_categories' }),
        prompt_version: z.number().int(),
        labelled: count.openapi({ description: 'Comparisons labelled by the current labeller model and prompt version' }),
        in_category: count.openapi({ description: 'Of those, the ones in the category' }),
        pending: count.openapi({ description: 'Comparisons with a prompt still to be labelled (retrying ones included)' }),
        retrying: count.openapi({ description: 'Pending after unreadable replies, waiting for another try' }),
        failed: count.openapi({ description: `Given up after ${MAX_ATTEMPTS} unreadable replies; a new model or prompt version tries again` }),
      }),
    ),
    instance: z
      .object({
        state: z.enum(LABELLER_STATES),
        paused_until: z.string().nullable(),
        last_error: z.string().nullable(),
      })
      .openapi({ description: 'What the labeller of the instance that answered is doing' }),
  })
  .openapi('LabellerProgress');

const progressRoute = createRoute({
  method: 'get',
  path: '/labeller',
  tags: ['admin'],
  security: bearerSecurity,
  summary: 'The labeller model’s progress per category: labelled, pending, failed',
  responses: { 200: { description: 'Progress', ...jsonContent(progressSchema) }, ...errorResponses(401, 403) },
});

/** Mounted under /api/admin, behind requireAuth and requireAdmin. */
export function adminLabellerRoutes({ db, settings, providers, labeller }: AppDeps) {
  return createRouter().openapi(progressRoute, async (c) => {
    const current = await settings.get();
    const model = current.labeller_model_id ? await providers.catalog.model(current.labeller_model_id) : undefined;
    const problem = current.labeller_model_id && !model ? `The model ${current.labeller_model_id} (setting labeller_model_id) does not exist` : null;
    const progress = await labelProgress(db, model?.model_id, LABEL_CATEGORIES);
    return c.json(
      {
        enabled: model !== undefined,
        model: model ? { model_id: model.model_id, model_name: model.model_name } : null,
        problem,
        rate_per_minute: current.labeller_rate_per_minute,
        max_attempts: MAX_ATTEMPTS,
        categories: progress.map((row) => ({ ...row, enabled: current.labeller_categories.includes(row.category) })),
        instance: labeller.status(),
      },
      200,
    );
  });
}
