import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InternalError } from '../../error/cxqa-error.js';
import { sha256 } from '../../shared/hash.js';
import { packageRoot } from '../../shared/package-root.js';

/** The prompt templates of the model judges, read from `prompts/` of the cxqa package. */
export interface PromptTemplates {
  /** System message: the rubric and the instructions (the stable part, first, so prompt caching applies). */
  system: string;
  /** User message: the fenced transcript. */
  user: string;
  /** Follow-up that asks the model to fix an answer that could not be used. */
  repair: string;
  /** sha256 of the three templates' content: part of every model judge's fingerprint. */
  version: string;
}

export const PROMPT_FILES = { system: 'judge-system.md', user: 'judge-user.md', repair: 'repair.md' } as const;

const cache = new Map<string, PromptTemplates>();

/** The folder the templates are read from by default: `<package root>/prompts`. */
export function defaultPromptDir(): string {
  return join(packageRoot(), 'prompts');
}

/** Reads (once per folder) the judge prompt templates. A missing file is a `PROMPT_MISSING` error. */
export function loadPromptTemplates(dir: string = defaultPromptDir()): PromptTemplates {
  const hit = cache.get(dir);
  if (hit) return hit;
  const read = (name: string): string => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch (err) {
      throw new InternalError('PROMPT_MISSING', `cannot read prompt template ${join(dir, name)}: ${(err as Error).message}`, { cause: err });
    }
  };
  const system = read(PROMPT_FILES.system);
  const user = read(PROMPT_FILES.user);
  const repair = read(PROMPT_FILES.repair);
  const version = sha256(JSON.stringify([system, user, repair]));
  const templates = { system, user, repair, version };
  cache.set(dir, templates);
  return templates;
}

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g;

/**
 * Fills `{{name}}` placeholders in one pass, so text inserted for one placeholder (a transcript that
 * contains `{{boundary}}`, say) is never expanded again. A placeholder without a value is an error.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new InternalError('PROMPT_PLACEHOLDER_UNKNOWN', `prompt template placeholder {{${name}}} has no value`);
    return value;
  });
}
