/** What replaces a secret in any text cxqa produces. */
export const REDACTED = '[REDACTED]';

/** Shapes of credentials that are removed even when cxqa was not told their value. */
const SECRET_PATTERNS: readonly RegExp[] = [
  // OpenAI (`sk-...`, `sk-proj-...`) and Anthropic (`sk-ant-...`) keys.
  /\bsk-[A-Za-z0-9_-]{6,}/g,
  // Bearer credentials echoed from an Authorization header.
  /\b(Bearer)\s+[A-Za-z0-9._~+/=-]{6,}/gi,
  // An x-api-key header echoed back as text or JSON.
  /(x-api-key["']?\s*[:=]\s*["']?)[^"'\s,}]{6,}/gi,
];

/** A configured secret's first characters, this many or more, are removed wherever they occur (a key cut short). */
export const MIN_SECRET_PREFIX = 8;

/**
 * Removes secrets from a string: every configured secret value (API keys read from the environment), any
 * run of {@link MIN_SECRET_PREFIX} or more of a secret's first characters (a key cut off by a provider or a
 * truncated message: `a1b2c3d4e5f…`), and anything shaped like a key (`sk-...`, `Bearer ...`). Use it on
 * every message that can leave the process — errors, logs, stored verdicts — before cutting it short.
 * Secrets shorter than 6 characters are not searched for (they would match ordinary words); no real API
 * key is that short.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined | null)[] = []): string {
  let out = text;
  const values = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  // Longest first, so a key that contains another is removed whole.
  values.sort((a, b) => b.length - a.length);
  for (const value of values) out = out.split(value).join(REDACTED);
  for (const value of values) if (value.length >= MIN_SECRET_PREFIX) out = removePrefixes(out, value);
  out = out.replace(SECRET_PATTERNS[0]!, REDACTED);
  out = out.replace(SECRET_PATTERNS[1]!, `$1 ${REDACTED}`);
  out = out.replace(SECRET_PATTERNS[2]!, `$1${REDACTED}`);
  return out;
}

/** Replaces every run of text that equals the first {@link MIN_SECRET_PREFIX}+ characters of `secret`. */
function removePrefixes(text: string, secret: string): string {
  const head = secret.slice(0, MIN_SECRET_PREFIX);
  let at = text.indexOf(head);
  if (at === -1) return text;
  let out = '';
  let from = 0;
  while (at !== -1) {
    let len = MIN_SECRET_PREFIX;
    while (len < secret.length && at + len < text.length && text[at + len] === secret[len]) len += 1;
    out += text.slice(from, at) + REDACTED;
    from = at + len;
    at = text.indexOf(head, from);
  }
  return out + text.slice(from);
}

/** A redactor bound to a fixed set of secret values. */
export type Redactor = (text: string) => string;

/** Builds a {@link Redactor} for the given secret values (e.g. the configured API keys). */
export function createRedactor(secrets: readonly (string | undefined | null)[]): Redactor {
  const values = [...secrets];
  return (text: string) => redactSecrets(text, values);
}

/** The API key values of the environment, for {@link createRedactor}. */
export function environmentSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  return [env['OPENAI_API_KEY'], env['ANTHROPIC_API_KEY'], env['ANTHROPIC_AUTH_TOKEN']].filter(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
}
