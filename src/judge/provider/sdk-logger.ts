import type { Redactor } from '../llm/redact-secrets.js';

type LogFn = (message: string, ...rest: unknown[]) => void;

/** A logger for the OpenAI and Anthropic SDKs that redacts secrets and writes to stderr. */
export function redactingLogger(prefix: string, redact: Redactor): { error: LogFn; warn: LogFn; info: LogFn; debug: LogFn } {
  const write = (level: string): LogFn => (message, ...rest) => {
    const extra = rest.length > 0 ? ` ${rest.map(stringify).join(' ')}` : '';
    process.stderr.write(`cxqa: ${prefix} ${level}: ${redact(`${message}${extra}`)}\n`);
  };
  return { error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug') };
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
