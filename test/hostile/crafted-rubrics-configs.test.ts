import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load-config.js';
import { parseRubric, RubricError } from '../../src/rubric/load.js';
import { isSafePattern } from '../../src/rubric/safe-pattern.js';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { makeTranscript, say, toJsonl } from '../helpers/transcripts.js';

function ruleRubric(pattern: string, field = 'patterns'): string {
  return [
    'id: crafted',
    'version: "1"',
    'title: Crafted',
    'criteria:',
    '  - id: disclosure',
    '    title: Disclosure',
    '    kind: rule',
    '    rule:',
    field === 'allow' ? '      check: sensitive_data' : '      check: must_include',
    `      ${field}: [${JSON.stringify(pattern)}]`,
    '',
  ].join('\n');
}

/** Nine levels of aliases, each ten of the one before: 10^9 strings when expanded. */
const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((k, i) => {
    const prev = 'abcdefghi'[i]!;
    return `${k}: &${k} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`;
  }),
  '',
].join('\n');

describe('catastrophic regular expressions in rubrics are refused at load time', () => {
  it.each([
    ['(a+)+$'],
    ['(\\w+\\s?)*$'],
    ['^(a|a?)+$'],
    ['(x+x+)+y'],
    ['(?:\\d[ -]?){13,19}'],
    ['(?<!a)(b+)+'],
  ])('%s → RUBRIC_INVALID at the pattern, with file, line and field', (pattern) => {
    let error: unknown;
    try {
      parseRubric(ruleRubric(pattern), 'crafted.yaml');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RubricError);
    const issue = (error as RubricError).issues[0]!;
    expect(issue.message).toMatch(/^crafted\.yaml:10 \(field criteria\[0\]\.rule\.patterns\[0\]\): unsafe regular expression/);
  });

  it('is conservative: a bounded repeat of a repeating group is refused too; optional groups in a row say the same', () => {
    expect(isSafePattern('\\b(?:[a-z]+ ){0,3}sorry')).toBe(false);
    expect(isSafePattern('\\b(?:[a-z]+ )?(?:[a-z]+ )?(?:[a-z]+ )?sorry')).toBe(true);
  });

  it('also in a sensitive_data allow list', () => {
    expect(() => parseRubric(ruleRubric('^(a+)+@x$', 'allow'), 'crafted.yaml')).toThrow(/crafted\.yaml:10 \(field criteria\[0\]\.rule\.allow\[0\]\): unsafe/);
  });

  it.each([
    ['(chat|call)s? (may|will) be recorded'],
    ['(?:\\s+\\w+)?\\s+refund'],
    ['(?<![\\w-])ticket #?\\d+'],
    ['(?<name>verify|confirm)(?:ed)?'],
    ['\\b(?:[a-z]+ )?(?:[a-z]+ )?(?:[a-z]+ )?sorry'],
  ])('keeps an ordinary pattern: %s', (pattern) => {
    expect(isSafePattern(pattern)).toBe(true);
    expect(parseRubric(ruleRubric(pattern), 'ok.yaml').rubric.criteria).toHaveLength(1);
  });

  it('every shipped rubric passes the check', () => {
    for (const file of ['rubrics/support-qa.yaml', 'rubrics/governance.yaml']) {
      expect(() => parseRubric(readFileSync(file, 'utf8'), file)).not.toThrow();
    }
  });
});

describe('YAML alias bombs', () => {
  const tmp = useTempDir();

  it('in a rubric: RUBRIC_YAML naming the file and the line of the first alias', () => {
    expect(() => parseRubric(BILLION_LAUGHS, 'bomb.yaml')).toThrow(RubricError);
    try {
      parseRubric(BILLION_LAUGHS, 'bomb.yaml');
    } catch (err) {
      expect((err as RubricError).code).toBe('RUBRIC_YAML');
      expect((err as RubricError).message).toMatch(/^bomb\.yaml:2: YAML aliases expand too far/);
    }
  });

  it('in a config: CONFIG_YAML naming the file', () => {
    expect(() => parseConfig(BILLION_LAUGHS, 'cxqa.config.yaml')).toThrow(ConfigError);
    expect(() => parseConfig(BILLION_LAUGHS, 'cxqa.config.yaml')).toThrow(/^cxqa\.config\.yaml:2: YAML aliases expand too far/);
  });

  it('a few aliases, as people write them, still work', () => {
    const text = 'prices:\n  "openai:a": &p { input: 1, output: 2 }\n  "openai:b": *p\n';
    expect(parseConfig(text, 'c.yaml').prices['openai:b']).toEqual({ input: 1, output: 2 });
  });

  it('cxqa exits 2 naming the file, and writes nothing, for a bomb in --rubric, in --config, and for an unsafe pattern', async () => {
    const dir = tmp();
    const input = pathIn(dir, 'in.jsonl');
    writeFileSync(input, toJsonl([makeTranscript([say('customer', 'hi'), say('bot', 'hello')])]));
    const bomb = pathIn(dir, 'bomb.yaml');
    writeFileSync(bomb, BILLION_LAUGHS);
    const unsafe = pathIn(dir, 'unsafe.yaml');
    writeFileSync(unsafe, ruleRubric('(a+)+$'));
    const db = pathIn(dir, 'cxqa.db');

    const rubricBomb = await runCli(['score', '-i', input, '-r', bomb, '--db', db]);
    expect(rubricBomb.code).toBe(2);
    expect(rubricBomb.stderr).toContain(`${bomb}:2: YAML aliases expand too far`);
    expect(rubricBomb.stderr).not.toContain('    at ');

    const configBomb = await runCli(['score', '-i', input, '-r', 'rubrics/support-qa.yaml', '--config', bomb, '--db', db]);
    expect(configBomb.code).toBe(2);
    expect(configBomb.stderr).toContain(`${bomb}:2: YAML aliases expand too far`);

    const check = await runCli(['rubric', 'check', unsafe]);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain(`${unsafe}:10 (field criteria[0].rule.patterns[0]): unsafe regular expression "(a+)+$"`);
    expect(existsSync(db)).toBe(false);
  });
});
