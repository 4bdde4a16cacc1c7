import type { z } from 'zod';

/** Dotted field path of a zod issue, e.g. `messages[3].role`. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** One line per issue, most specific first: "messages[3].role: Invalid option: expected one of ...". */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issuePath(issue.path);
  return path ? `${path}: ${issue.message}` : issue.message;
}
