import { basename, extname } from 'node:path';

/**
 * A short, id-safe corpus name: lower-case letters, digits and `-`. `SGD.txt` → `sgd`,
 * `ReDial-action.txt` → `redial-action`. Returns `fallback` when nothing usable is left.
 */
export function corpusSlug(name: string, fallback = 'corpus'): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || fallback;
}

/** The corpus name implied by a file path: its base name without extension, as a {@link corpusSlug}. */
export function corpusNameFromFile(path: string, fallback = 'corpus'): string {
  if (path === '-') return fallback;
  const base = basename(path);
  return corpusSlug(base.slice(0, base.length - extname(base).length), fallback);
}
