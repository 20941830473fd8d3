import { answerFeatures, comparisonFacts, type AnswerFeatures, type ComparisonFacts, type ComparisonText } from './features.js';
import { identityMatcher, type IdentityMatcher, type RegistryNames } from './identity.js';

/** What the analysis worker is asked to do; answered by `analyse`. */
export type AnalysisRequest =
  | { kind: 'comparisons'; items: ComparisonText[]; registry: RegistryNames }
  | { kind: 'answers'; texts: string[] };

/** One result per item, in order; an item that could not be analysed carries its error instead. */
export type AnalysisResult<T> = { ok: true; value: T } | { ok: false; error: string };
export type AnalysisResponse = AnalysisResult<ComparisonFacts>[] | AnalysisResult<AnswerFeatures>[];

let matcher: { key: string; matcher: IdentityMatcher } | undefined;

/** The registry rarely changes: its matcher (a few large regular expressions) is built once per version. */
function matcherFor(registry: RegistryNames): IdentityMatcher {
  const key = JSON.stringify(registry);
  if (matcher?.key !== key) matcher = { key, matcher: identityMatcher(registry) };
  return matcher.matcher;
}

function each<I, T>(items: readonly I[], work: (item: I) => T): AnalysisResult<T>[] {
  return items.map((item) => {
    try {
      return { ok: true, value: work(item) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  });
}

export function analyse(request: AnalysisRequest): AnalysisResponse {
  if (request.kind === 'answers') return each(request.texts, answerFeatures);
  const identity = matcherFor(request.registry);
  return each(request.items, (item) => comparisonFacts(item, identity));
}
