import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../../src/config/load-config.js';
import { pathIn, useTempDir } from '../../helpers/temp-dir.js';

const tempDir = useTempDir();

function problems(text: string): string[] {
  try {
    parseConfig(text, 'cxqa.config.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues.map((i) => i.message);
  }
  throw new Error('expected a ConfigError');
}

describe('config file', () => {
  it('reads price overrides; cached_input is optional', () => {
    const config = parseConfig('prices:\n  "openai:my-model": { input: 0.4, cached_input: 0.1, output: 1.6 }\n  "anthropic:x": { input: 1, output: 2 }\n', 'c.yaml');
    expect(config.prices).toEqual({ 'openai:my-model': { input: 0.4, cached_input: 0.1, output: 1.6 }, 'anthropic:x': { input: 1, output: 2 } });
  });

  it('names file, line and field of a bad value', () => {
    expect(problems('prices:\n  "openai:m":\n    input: 0.4\n    output: cheap\n')).toEqual([
      expect.stringMatching(/^cxqa\.config\.yaml:4 \(field prices\.openai:m\.output\): .*number/),
    ]);
  });

  it('names the line of an unknown field and of a missing one', () => {
    expect(problems('prices:\n  "openai:m":\n    input: 1\n    outptu: 2\n')).toEqual(
      expect.arrayContaining([
        'cxqa.config.yaml:4 (field prices.openai:m.outptu): unknown field "outptu"',
        expect.stringMatching(/^cxqa\.config\.yaml:3 \(field prices\.openai:m\.output\): /),
      ]),
    );
    expect(problems('price: {}\n')).toEqual(['cxqa.config.yaml:1 (field price): unknown field "price"']);
  });

  it('rejects a price key that is not provider:model, at its line', () => {
    expect(problems('prices:\n  "openai:ok": { input: 1, output: 1 }\n  gpt-4: { input: 1, output: 1 }\n')).toEqual([
      expect.stringMatching(/^cxqa\.config\.yaml:3 \(field prices\.gpt-4\): price keys are "provider:model"/),
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problems('prices:\n  "a:b": { input: 1,\n')).toEqual([expect.stringMatching(/^cxqa\.config\.yaml:\d+: YAML syntax/)]);
  });

  it('uses ./cxqa.config.yaml when present, defaults when not, and requires an explicit --config file to exist', () => {
    const dir = tempDir();
    expect(loadConfig(undefined, dir)).toEqual({ config: { prices: {} }, file: null });
    writeFileSync(pathIn(dir, 'cxqa.config.yaml'), 'prices:\n  "openai:z": { input: 1, output: 2 }\n');
    expect(loadConfig(undefined, dir).config.prices['openai:z']).toEqual({ input: 1, output: 2 });
    expect(() => loadConfig(pathIn(dir, 'missing.yaml'))).toThrow(/missing\.yaml: file not found/);
  });
});
