import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPromptDir, loadPromptTemplates, renderTemplate } from '../../../src/judge/llm/prompt-templates.js';
import { packageRoot } from '../../../src/shared/package-root.js';

describe('prompt templates', () => {
  it('are read from prompts/ at the package root', () => {
    expect(existsSync(join(packageRoot(), 'package.json'))).toBe(true);
    expect(defaultPromptDir()).toBe(join(packageRoot(), 'prompts'));
    const t = loadPromptTemplates();
    expect(t.system).toContain('{{criteria}}');
    expect(t.user).toContain('<{{boundary}}>');
    expect(t.repair).toContain('{{problem}}');
    expect(t.version).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fill placeholders in one pass and reject unknown ones', () => {
    expect(renderTemplate('a {{x}} b {{ y }}', { x: '{{y}}', y: '2' })).toBe('a {{y}} b 2');
    expect(() => renderTemplate('{{nope}}', {})).toThrow(/nope/);
  });
});
