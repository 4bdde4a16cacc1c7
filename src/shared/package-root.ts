import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InternalError } from '../error/cxqa-error.js';

let cached: string | undefined;

/**
 * The directory of cxqa's own package.json, found by walking up from this file, so it works from `src/`
 * (vitest) and from `dist/src/` (the built CLI) alike.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string };
        if (pkg.name === 'cxqa') return (cached = dir);
      } catch {
        // Not ours, or unreadable: keep walking.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new InternalError('PACKAGE_ROOT_NOT_FOUND', 'cannot find the cxqa package directory (package.json named "cxqa")');
    dir = parent;
  }
}

/** The version in cxqa's package.json (`0.0.0` when it cannot be read). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version || '0.0.0';
  } catch {
    return '0.0.0';
  }
}
