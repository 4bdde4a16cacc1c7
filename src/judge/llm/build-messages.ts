import type { JudgedCriterion, Rubric } from '../../rubric/schema.js';
import type { Transcript } from '../../transcript/schema.js';
import { renderTemplate, type PromptTemplates } from './prompt-templates.js';
import { renderCriteria } from './render-rubric.js';
import { formatTranscript, newBoundary } from './transcript-fence.js';

/** The two messages of one judge call. */
export interface JudgePrompt {
  /** Rubric and instructions: identical for every transcript of a run (and so cacheable by providers). */
  system: string;
  /** The fenced transcript. */
  user: string;
  /** The boundary tag name used for this call. */
  boundary: string;
}

/**
 * Builds the system and user messages of one call. The transcript goes into the user message inside a
 * boundary tag that is random per call; message text is sanitised so it can neither close the fence nor
 * hide text from a reviewer.
 */
export function buildJudgePrompt(
  templates: PromptTemplates,
  rubric: Rubric,
  criteria: readonly JudgedCriterion[],
  transcript: Transcript,
  boundary: string = newBoundary(),
): JudgePrompt {
  const system = systemMessage(templates, rubric, criteria);
  const user = renderTemplate(templates.user, {
    boundary,
    transcript: formatTranscript(transcript, boundary),
    criterion_ids: criteria.map((c) => c.id).join(', '),
  });
  return { system, user, boundary };
}

interface CachedSystem {
  criteria: readonly JudgedCriterion[];
  system: string;
}

/** System messages by templates, rubric object and criterion ids (the same for every transcript of a run). */
const systemCache = new WeakMap<PromptTemplates, WeakMap<Rubric, Map<string, CachedSystem>>>();

/** The system message: rendered once per templates, rubric and criterion set, then reused (it is a pure function of them). */
function systemMessage(templates: PromptTemplates, rubric: Rubric, criteria: readonly JudgedCriterion[]): string {
  let byRubric = systemCache.get(templates);
  if (!byRubric) systemCache.set(templates, (byRubric = new WeakMap()));
  let byCriteria = byRubric.get(rubric);
  if (!byCriteria) byRubric.set(rubric, (byCriteria = new Map()));
  const key = criteria.map((c) => c.id).join('\n');
  const hit = byCriteria.get(key);
  if (hit && hit.criteria.length === criteria.length && hit.criteria.every((c, i) => c === criteria[i])) return hit.system;
  const system = renderTemplate(templates.system, {
    rubric_title: rubric.title,
    rubric_description: rubric.description?.trim() ?? '',
    criteria: renderCriteria(criteria),
  }).replace(/\n{3,}/g, '\n\n');
  if (byCriteria.size >= 64) byCriteria.clear();
  byCriteria.set(key, { criteria: [...criteria], system });
  return system;
}

/** The follow-up message of a repair attempt. */
export function buildRepairMessage(templates: PromptTemplates, criteria: readonly JudgedCriterion[], problem: string, errors: readonly string[]): string {
  return renderTemplate(templates.repair, {
    problem,
    errors: errors.length > 0 ? errors.map((e) => `- ${e}`).join('\n') : '',
    criterion_ids: criteria.map((c) => c.id).join(', '),
  });
}
