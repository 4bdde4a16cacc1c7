import { existsSync, readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { CxqaError, InputError } from '../error/cxqa-error.js';
import { issuePath } from '../error/zod-issue.js';
import { findKeyNode, lineOf } from '../error/yaml-location.js';
import { yamlValue } from '../error/yaml-value.js';
import { configSchema, type CxqaConfig } from './config-schema.js';

/** The config file read from the working directory when `--config` is not given (optional). */
export const DEFAULT_CONFIG_FILE = 'cxqa.config.yaml';

/** A config file that cannot be used. `issues` lists every problem, each with file, line and field. */
export class ConfigError extends CxqaError<string> {
  readonly issues: InputError[];

  constructor(issues: InputError[]) {
    const head = issues.length === 1 ? issues[0]!.message : `${issues.length} problems:\n  ${issues.map((i) => i.message).join('\n  ')}`;
    super(issues[0]?.code ?? 'CONFIG_INVALID', head);
    this.issues = issues;
  }
}

export interface LoadedConfig {
  config: CxqaConfig;
  /** The file read, or null when none was given and `cxqa.config.yaml` does not exist. */
  file: string | null;
}

/**
 * Loads the config: `file` when given (it must exist), otherwise `cxqa.config.yaml` in `cwd` if present,
 * otherwise the defaults.
 */
export function loadConfig(file: string | undefined, cwd = process.cwd()): LoadedConfig {
  const path = file ?? `${cwd}/${DEFAULT_CONFIG_FILE}`;
  if (file === undefined && !existsSync(path)) return { config: configSchema.parse({}), file: null };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw new ConfigError([new InputError('CONFIG_READ', { file: path }, reason)]);
  }
  return { config: parseConfig(text, path), file: path };
}

/** Parses and validates config YAML; every problem is reported with file, line and field. */
export function parseConfig(text: string, file: string): CxqaConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const line = e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line;
        return new InputError('CONFIG_YAML', { file, line }, `YAML syntax: ${e.message.split('\n')[0]}`);
      }),
    );
  }
  const value = yamlValue(doc, lines);
  if (!value.ok) throw new ConfigError([new InputError('CONFIG_YAML', { file, line: value.line }, value.message)]);
  const parsed = configSchema.safeParse(value.value ?? {});
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => toInputError(issue, doc, lines, file)));
  return parsed.data;
}

function toInputError(issue: z.core.$ZodIssue, doc: Document, lines: LineCounter, file: string): InputError {
  const path = [...issue.path] as (string | number)[];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const keyNode = findKeyNode(doc, path, key);
    const line = keyNode?.range ? lines.linePos(keyNode.range[0]).line : lineOf(doc, lines, path);
    return new InputError('CONFIG_INVALID', { file, line, field: issuePath([...path, key]) }, `unknown field "${key}"`);
  }
  if (issue.code === 'invalid_key') {
    // A bad record key (e.g. a price key without "provider:"): point at the key itself.
    const key = path[path.length - 1];
    const keyNode = typeof key === 'string' ? findKeyNode(doc, path.slice(0, -1), key) : undefined;
    const line = keyNode?.range ? lines.linePos(keyNode.range[0]).line : lineOf(doc, lines, path);
    const message = issue.issues[0]?.message ?? issue.message;
    return new InputError('CONFIG_INVALID', { file, line, field: issuePath(path) }, message);
  }
  return new InputError('CONFIG_INVALID', { file, line: lineOf(doc, lines, path), field: issuePath(path) || '(root)' }, issue.message);
}

