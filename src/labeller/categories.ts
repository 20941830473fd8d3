import type { ChatMessage } from '../providers/adapter.js';

/**
 * The categories a labeller model gives, after LMArena's classifiers (FastChat
 * `fastchat/serve/monitor/classify/category.py`: criteria_v0.1, creative_writing_v0.1,
 * math_v0.1, if_v0.1). The prompts are our own wording of the same questions and ask for the
 * same answer formats, so any model that follows those classifiers follows these.
 *
 * FastChat reads a reply it cannot parse as "not in the category"; here such a reply is no label
 * at all (the comparison is asked again later), so a misbehaving labeller never files a prompt
 * under the wrong category.
 */
export const LABEL_CATEGORIES = ['hard_prompt', 'creative_writing', 'math', 'instruction_following'] as const;
export type LabelCategory = (typeof LABEL_CATEGORIES)[number];

export const isLabelCategory = (name: string): name is LabelCategory => (LABEL_CATEGORIES as readonly string[]).includes(name);

/** What a reply says: membership, and the score behind it where the category has one. */
export interface Label {
  value: boolean;
  score: number | null;
}

export interface CategoryDefinition {
  /** Bumped whenever the prompt or the reading of replies changes: labels of an older version are redone. */
  version: number;
  system: string;
  /** The user turn around the prompt being labelled. */
  wrap(prompt: string): string;
  /** The label a reply gives, or undefined when the reply is not in the asked-for format. */
  read(reply: string): Label | undefined;
}

/** Like FastChat, the labeller sees at most this much of a prompt. */
export const MAX_PROMPT_CHARS = 12_500;

/** The seven criteria of LMArena's criteria_v0.1, in the order the prompt numbers them. */
export const HARD_PROMPT_CRITERIA = [
  'specificity',
  'domain_knowledge',
  'complexity',
  'problem_solving',
  'creativity',
  'technical_accuracy',
  'real_world_application',
] as const;
/** A prompt is hard when at least this many criteria hold (LMArena's "hard prompts" rule). */
export const HARD_PROMPT_MIN_CRITERIA = 6;
/** instruction_following holds from this score (of 5) on, as LMArena's if_v0.1. */
export const INSTRUCTION_FOLLOWING_MIN_SCORE = 4;

/**
 * The single distinct value a pattern captures in the reply, or undefined when it captures none
 * or several different ones (a reply that hedges between two verdicts is no verdict).
 */
function onlyCapture(reply: string, pattern: RegExp): string | undefined {
  const found = new Set([...reply.matchAll(pattern)].map((match) => match[1] ?? ''));
  return found.size === 1 ? [...found][0] : undefined;
}

function readDecision(reply: string): Label | undefined {
  const compact = reply.toLowerCase().replace(/[\s[\]]/g, '');
  const decision = onlyCapture(compact, /<decision>(yes|no)<\/decision>/g);
  return decision === undefined ? undefined : { value: decision === 'yes', score: null };
}

function readCriteria(reply: string): Label | undefined {
  const list = onlyCapture(reply, /(\[\s*(?:\d\s*(?:,\s*\d\s*)*)?\])/g);
  if (list === undefined) return undefined;
  const numbers = (list.match(/\d/g) ?? []).map(Number);
  if (numbers.some((n) => n < 1 || n > HARD_PROMPT_CRITERIA.length)) return undefined;
  const met = new Set(numbers).size;
  return { value: met >= HARD_PROMPT_MIN_CRITERIA, score: met };
}

function readScore(reply: string): Label | undefined {
  const score = onlyCapture(reply, /<score>\s*([0-5])\s*<\/score>/g);
  if (score === undefined) return undefined;
  return { value: Number(score) >= INSTRUCTION_FOLLOWING_MIN_SCORE, score: Number(score) };
}

const tagged = (prompt: string) => `<user_prompt>\n${prompt}\n</user_prompt>`;

export const CATEGORY_DEFINITIONS: Record<LabelCategory, CategoryDefinition> = {
  hard_prompt: {
    version: 1,
    system: [
      'You judge how well a user prompt can test the abilities of an advanced AI assistant.',
      '',
      'Check the prompt against these seven criteria:',
      '1. Specificity: it asks for a specific output (code, a mathematical solution, a logical simplification, a problem-solving strategy, a concrete setup).',
      '2. Domain knowledge: it lies within a particular domain such as programming, mathematics, logic or engineering.',
      '3. Complexity: it has several layers or steps rather than one simple ask.',
      '4. Problem-solving: it makes the assistant work out a solution for this particular situation instead of recalling a known fact.',
      '5. Creativity: answering it well takes a creative approach tailored to the user’s needs and limits.',
      '6. Technical accuracy: a good answer has to be technically precise and correct.',
      '7. Real-world application: it concerns a practical, real-life use such as building a working system or code for an actual task.',
      '',
      'Reply with only the numbers of the criteria the prompt meets, as one array, for example [1, 3, 7], or [] if it meets none. Do not explain.',
    ].join('\n'),
    wrap: tagged,
    read: readCriteria,
  },
  creative_writing: {
    version: 1,
    system: [
      'You decide whether a user prompt asks for creative writing: writing beyond ordinary professional, journalistic, academic or technical text, driven by imagination, originality and the expression of thoughts and feelings.',
      'It includes fiction, poetry, scripts and monologues, personal or narrative essays, and songs or lyrics.',
      '',
      'Consider: does the prompt want invented content, a speculative scenario or a narrative? Does it invite emotion or personal expression rather than facts or analysis? Does it name a creative form (story, poem, script)? Is creative expression its main purpose rather than information, documentation or reasoning? Does it ask for literary devices such as metaphor, imagery or dialogue? Is the expected answer natural-language prose or verse?',
      '',
      'Answer yes or no, in exactly this format: <decision>yes</decision> or <decision>no</decision>. Do not explain.',
    ].join('\n'),
    wrap: tagged,
    read: readDecision,
  },
  math: {
    version: 1,
    system: [
      'You decide whether a user prompt requires an AI assistant to solve a mathematical problem with mathematical reasoning.',
      '',
      'Consider: does answering it need a particular mathematical concept or formula? Does it involve calculation, algebraic manipulation or formal logical reasoning? Is there a definite mathematical problem to solve? Would a correct answer show skill in some area of mathematics?',
      '',
      'Answer yes or no, in exactly this format: <decision>yes</decision> or <decision>no</decision>. Do not explain.',
    ].join('\n'),
    wrap: tagged,
    read: readDecision,
  },
  instruction_following: {
    version: 1,
    system: [
      'You rate how well a user prompt can test whether an AI assistant follows instructions.',
      '',
      'Look at whether the prompt gives specific, explicit instructions or requirements; whether it has several steps or parts to address; whether it demands a particular format or structure; and whether some constraint would make following it exactly a real test. A good prompt for this has clear directions whose fulfilment can be checked objectively.',
      '',
      'Score it from 0 to 5:',
      '0 = does not test instruction following at all',
      '1 = a poor test of instruction following',
      '2 = a somewhat useful test',
      '3 = a good test of following simple instructions',
      '4 = a good test of following complex instructions',
      '5 = a good test of following advanced, demanding instructions',
      '',
      'Reply in exactly this format: <score>N</score> where N is your score. Do not explain.',
    ].join('\n'),
    wrap: tagged,
    read: readScore,
  },
};

/** The conversation that asks the labeller about one prompt. */
export function labellerMessages(category: LabelCategory, prompt: string): ChatMessage[] {
  const definition = CATEGORY_DEFINITIONS[category];
  return [
    { role: 'system', content: definition.system },
    { role: 'user', content: definition.wrap(prompt.slice(0, MAX_PROMPT_CHARS)) },
  ];
}
