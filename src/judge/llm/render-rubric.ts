import type { JudgedCriterion } from '../../rubric/schema.js';

/** One criterion as the judge reads it in the system message: question, guidance, levels or labels, N/A. */
export function renderCriterion(c: JudgedCriterion): string {
  const lines: string[] = [];
  const kind = c.kind === 'scale' ? `scale ${c.min}–${c.max}` : c.kind;
  lines.push(`## ${c.id}: ${c.title} (${kind})`);
  if (c.question) lines.push(`Question: ${c.question}`);
  if (c.guidance) lines.push(`Guidance: ${c.guidance.trim()}`);
  if (c.kind === 'scale') {
    lines.push('Levels:');
    for (let level = c.min; level <= c.max; level++) lines.push(`- ${level}: ${c.anchors[String(level)] ?? ''}`);
  } else if (c.kind === 'binary') {
    lines.push(`Value: "pass" or "fail".`);
    if (c.pass) lines.push(`- pass: ${c.pass}`);
    if (c.fail) lines.push(`- fail: ${c.fail}`);
  } else {
    lines.push('Labels (give exactly one id):');
    for (const label of c.labels) lines.push(`- ${label.id}${label.description ? `: ${label.description}` : ''}`);
  }
  lines.push(c.na.allowed ? 'N/A: allowed. Set na to true (and value to null) when this criterion does not apply.' : 'N/A: not allowed. Always give a value.');
  return lines.join('\n');
}

/** All criteria of one call, in rubric order. */
export function renderCriteria(criteria: readonly JudgedCriterion[]): string {
  return criteria.map(renderCriterion).join('\n\n');
}
