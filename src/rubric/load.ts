import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { CxqaError, InputError } from '../error/cxqa-error.js';
import { issuePath } from '../error/zod-issue.js';
import { findKeyNode, lineOf } from '../error/yaml-location.js';
import { yamlValue } from '../error/yaml-value.js';
import { contentHash } from '../shared/hash.js';
import { rubricSchema, type Rubric } from './schema.js';
import { closestKey, knownKeysAtPath } from './known-keys.js';

/** A rubric file that cannot be used. `issues` lists every problem found, each with file, line and field. */
export class RubricError extends CxqaError<string> {
  readonly issues: InputError[];

  constructor(issues: InputError[]) {
    const head = issues.length === 1 ? issues[0]!.message : `${issues.length} problems:\n  ${issues.map((i) => i.message).join('\n  ')}`;
    super(issues[0]?.code ?? 'RUBRIC_INVALID', head);
    this.issues = issues;
  }
}

export interface LoadedRubric {
  rubric: Rubric;
  /** sha256 of the validated rubric (defaults applied). Changes whenever anything that affects scoring does. */
  hash: string;
  file: string;
}

export function loadRubricFile(file: string): LoadedRubric {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw new RubricError([new InputError('RUBRIC_READ', { file }, reason)]);
  }
  return parseRubric(text, file);
}

export function parseRubric(text: string, file: string): LoadedRubric {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new RubricError(
      doc.errors.map((e) => {
        const line = e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line;
        return new InputError('RUBRIC_YAML', { file, line }, `YAML syntax: ${e.message.split('\n')[0]}`);
      }),
    );
  }
  const value = yamlValue(doc, lineCounter);
  if (!value.ok) throw new RubricError([new InputError('RUBRIC_YAML', { file, line: value.line }, value.message)]);
  const parsed = rubricSchema.safeParse(value.value);
  if (!parsed.success) {
    throw new RubricError(parsed.error.issues.map((issue) => toInputError(issue, doc, lineCounter, file, value.value)));
  }
  return { rubric: parsed.data, hash: contentHash(parsed.data), file };
}

function toInputError(issue: z.core.$ZodIssue, doc: Document, lines: LineCounter, file: string, data: unknown): InputError {
  const path = [...issue.path] as (string | number)[];
  if (issue.code === 'unrecognized_keys') {
    // Point at the unknown key itself and suggest the nearest valid one.
    const key = issue.keys[0]!;
    const field = issuePath([...path, key]);
    const keyNode = findKeyNode(doc, path, key);
    const line = keyNode?.range ? lines.linePos(keyNode.range[0]).line : lineOf(doc, lines, path);
    const known = knownKeysAtPath(rubricSchema, path, data);
    const hint = closestKey(key, known);
    const message = `unknown field "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`;
    return new InputError('RUBRIC_INVALID', { file, line, field }, message);
  }
  return new InputError('RUBRIC_INVALID', { file, line: lineOf(doc, lines, path), field: issuePath(path) || '(root)' }, issue.message);
}

