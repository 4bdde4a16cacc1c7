import type { z } from 'zod';

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
}

const def = (s: AnySchema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Strips optional/default/pipe wrappers and picks the union branch that matches `data`. */
function resolve(schema: AnySchema, data: unknown): AnySchema {
  let s = schema;
  for (let guard = 0; guard < 20; guard++) {
    const d = def(s);
    if (d.innerType) s = d.innerType;
    else if (d.type === 'pipe' && d.in) s = d.in;
    else if (d.type === 'union' && d.options) {
      const tag = d.discriminator;
      const value = tag && data && typeof data === 'object' ? (data as Record<string, unknown>)[tag] : undefined;
      const match = d.options.find((o) => {
        const shape = def(resolve(o, undefined)).shape;
        const lit = tag && shape?.[tag] ? (def(shape[tag]!) as { values?: unknown[] }).values : undefined;
        return lit?.includes(value);
      });
      if (!match) return s;
      s = match;
    } else return s;
  }
  return s;
}

/** The field names the schema accepts for the object found at `path` inside `root`. */
export function knownKeysAtPath(schema: AnySchema, path: readonly (string | number)[], root: unknown): string[] {
  let s: AnySchema = schema;
  let data: unknown = root;
  for (const seg of path) {
    s = resolve(s, data);
    const d = def(s);
    data = data && typeof data === 'object' ? (data as Record<string | number, unknown>)[seg] : undefined;
    if (d.type === 'object' && d.shape) s = d.shape[String(seg)] ?? s;
    else if (d.type === 'array' && d.element) s = d.element;
    else if (d.type === 'record' && d.valueType) s = d.valueType;
    else return [];
  }
  const d = def(resolve(s, data));
  return d.type === 'object' && d.shape ? Object.keys(d.shape) : [];
}

/** Edit distance, for "did you mean" hints. */
function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The known key nearest to `key`, if it is close enough to be a typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const k of known) {
    const d = levenshtein(key.toLowerCase(), k.toLowerCase());
    if (d < bestDist) {
      best = k;
      bestDist = d;
    }
  }
  return best !== undefined && bestDist <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}
