/**
 * Prompt size of one-call scoring (`--call-per transcript`): tokens of the prompt actually built for a
 * transcript (system + user message, `buildJudgePrompt` with the real templates) ÷ (transcript tokens +
 * rubric tokens). All three use the project's estimate, `estimateTokens` (src/judge/cost/estimate-tokens.ts,
 * ⌈characters / 4⌉):
 *   - prompt: the system and user messages joined by a newline;
 *   - transcript: the message texts joined by newlines (content only: no ids, roles, timestamps);
 *   - rubric: the judged criteria as YAML (what a rubric author writes for them, rule criteria excluded).
 * Averaged over the generated 10-message transcripts and, separately, over samples/transcripts.jsonl.
 */
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { estimateTokens } from '../src/judge/cost/estimate-tokens.js';
import { buildJudgePrompt } from '../src/judge/llm/build-messages.js';
import { loadPromptTemplates } from '../src/judge/llm/prompt-templates.js';
import { splitCriteria } from '../src/run/evaluate-transcript.js';
import { loadRubricFile } from '../src/rubric/load.js';
import type { Transcript } from '../src/transcript/schema.js';
import type { Measurement } from './bench-common.js';
import { generateTranscript } from './generate-transcripts.js';

export async function promptTokens(): Promise<Measurement[]> {
  const rubric = loadRubricFile('rubrics/support-qa.yaml');
  const { judged } = splitCriteria(rubric.rubric);
  const templates = loadPromptTemplates();
  const rubricTokens = estimateTokens(stringify({ title: rubric.rubric.title, description: rubric.rubric.description, criteria: judged }));

  const measure = (transcripts: readonly Transcript[]) => {
    let prompt = 0;
    let content = 0;
    let ratio = 0;
    for (const t of transcripts) {
      const p = buildJudgePrompt(templates, rubric.rubric, judged, t);
      const promptT = estimateTokens(`${p.system}\n${p.user}`);
      const transcriptT = estimateTokens(t.messages.map((m) => m.text).join('\n'));
      prompt += promptT;
      content += transcriptT;
      ratio += promptT / (transcriptT + rubricTokens);
    }
    const n = transcripts.length;
    return { n, prompt_tokens: prompt / n, transcript_tokens: content / n, rubric_tokens: rubricTokens, ratio: ratio / n };
  };

  const generated = measure(Array.from({ length: 1000 }, (_, i) => generateTranscript(i, 10)));
  const samples = measure(
    readFileSync('samples/transcripts.jsonl', 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Transcript),
  );
  const row = (id: string, name: string, m: typeof generated): Measurement => ({
    id,
    name,
    value: m.ratio,
    unit: `ratio (${m.prompt_tokens.toFixed(0)} ÷ (${m.transcript_tokens.toFixed(0)} + ${m.rubric_tokens}) tokens)`,
    target: null,
    details: { ...m, estimator: 'estimateTokens: ceil(chars / 4)', calls_per_transcript: 1 },
  });
  return [
    row('prompt_token_ratio', 'prompt tokens ÷ (transcript + rubric tokens), generated 10-msg', generated),
    row('prompt_token_ratio_samples', 'prompt tokens ÷ (transcript + rubric tokens), samples/', samples),
  ];
}
