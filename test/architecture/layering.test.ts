import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layer order of src/ (the same table is in src/README.md), bottom first. A module may import from its own
 * unit and from any unit of a lower layer; never from a unit of its own layer or one above. A unit is a folder of
 * src/ (`judge`, `store`, ...) or, where a folder's parts sit on different floors, a listed sub-folder
 * (`governance/detect`): a file belongs to the longest unit its path starts with.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['error', 'types'], // typed errors; declarations of untyped dependencies
  ['values', 'shared'], // shared value types (Verdict, JudgeCall, TokenUsage, ...); hash, canonical JSON, package root
  ['transcript'],
  ['governance/detect', 'governance/lists'], // detectors and word lists: the rubric names the lists
  ['rubric'],
  ['governance', 'calibrate'], // redaction, injection scan, findings (of rule verdicts); agreement statistics, eval sets
  ['judge'],
  ['store'], // every table and query; keeps judge, calibration and fit results
  ['fit', 'metrics', 'helpdesk', 'review'],
  ['run'],
  ['report'],
  // The calibrate pipeline: scores an eval set with the run and reads the results back as `export` gives them, so it
  // sits above report, unlike the agreement statistics and eval sets of calibrate/ that fit, review and the store use.
  ['calibrate/calibrate-run.ts'],
  ['alerts'],
  ['config'], // cxqa.config.yaml holds the alert thresholds
  ['cli'],
  ['index.ts'], // the public API
];

/**
 * Imports that go up a floor today, each with the reason it is still there. The test fails when one is gone too,
 * so this list only shrinks.
 */
const KNOWN_UPWARD: readonly { from: string; to: string; why: string }[] = [];

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const units = LAYERS.flatMap((layer, rank) => layer.map((unit) => ({ unit, rank })));

function unitOf(srcPath: string): { unit: string; rank: number } | undefined {
  const path = srcPath.split(sep).join('/');
  return units.filter((u) => path === u.unit || path.startsWith(`${u.unit}/`)).sort((a, b) => b.unit.length - a.unit.length)[0];
}

/** Every relative import and re-export (static and dynamic, `import type` too) of a file, as src-relative paths. */
function importsIn(from: string, text: string): { line: number; spec: string; target: string }[] {
  const out: { line: number; spec: string; target: string }[] = [];
  const re = /(?<=^|[\s;])(?:import|export)\s[^'";]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)|^import\s+'([^']+)'/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    if (!spec.startsWith('.')) continue;
    const target = relative(SRC, resolve(SRC, dirname(from), spec)).split(sep).join('/').replace(/\.js$/, '.ts');
    out.push({ line: text.slice(0, m.index).split('\n').length, spec, target });
  }
  return out;
}

/** The imports of one file (`from`, relative to src/) that break the layer order, as messages naming file, line and import. */
function upwardImports(from: string, text: string): string[] {
  const a = unitOf(from);
  if (!a) return [`src/${from} is in no layer`];
  const found: string[] = [];
  for (const imp of importsIn(from, text)) {
    if (imp.target.startsWith('..')) continue; // outside src/ (package.json): not a layer
    const b = unitOf(imp.target);
    if (!b) {
      found.push(`src/${from}:${imp.line} imports '${imp.spec}', which is in no layer`);
      continue;
    }
    if (a.unit === b.unit || b.rank < a.rank) continue;
    if (KNOWN_UPWARD.some((k) => k.from === from && k.to === imp.target)) continue;
    found.push(`src/${from}:${imp.line} (${a.unit}) imports '${imp.spec}' (${b.unit}: ${b.rank === a.rank ? 'the same layer' : 'a layer above'})`);
  }
  return found;
}

describe('layering of src/', () => {
  const files = tsFiles(SRC)
    .filter((f) => !f.endsWith('.d.ts'))
    .map((f) => relative(SRC, f).split(sep).join('/'));

  it('flags an import from a layer above, and from another unit of the same layer, naming file, line and import', () => {
    expect(upwardImports('transcript/schema.ts', "import { z } from 'zod';\nimport type { Judge } from '../judge/judge.js';\n")).toEqual([
      "src/transcript/schema.ts:2 (transcript) imports '../judge/judge.js' (judge: a layer above)",
    ]);
    expect(upwardImports('fit/x.ts', "export { y } from '../metrics/drift.js';")).toEqual(["src/fit/x.ts:1 (fit) imports '../metrics/drift.js' (metrics: the same layer)"]);
    expect(upwardImports('judge/llm/x.ts', "import type { Db } from '../../store/open-database.js';")).toHaveLength(1);
    expect(upwardImports('store/x.ts', "import type { Judge } from '../judge/judge.js';\nimport { a } from './y.js';")).toEqual([]);
  });

  it('puts every file of src/ in a unit of the layer table', () => {
    expect(files.filter((f) => !unitOf(f))).toEqual([]);
  });

  it('has no module importing from its own layer or a layer above it (but the known ones, each with its reason)', () => {
    expect(files.flatMap((f) => upwardImports(f, readFileSync(join(SRC, f), 'utf8')))).toEqual([]);
  });

  it('lists only upward imports that still exist', () => {
    const stale = KNOWN_UPWARD.filter((k) => !importsIn(k.from, readFileSync(join(SRC, k.from), 'utf8')).some((i) => i.target === k.to));
    expect(stale).toEqual([]);
  });
});
