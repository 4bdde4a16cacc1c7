import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../../shared/package-root.js';
import type { ReportData } from './report-data.js';

/** Where the page template, style and script live: `<package>/report-page/`. */
export function reportPageDir(): string {
  return join(packageRoot(), 'report-page');
}

/**
 * JSON safe inside an HTML `<script type="application/json">` element: every `<` is written `\u003c`, so no
 * text in the data (`</script>`, `<!--`) can end the element; U+2028/U+2029 are escaped too.
 */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Text safe inside an inline `<script>` or `<style>` element (a `</` could close it early). */
function inlineSafe(code: string, tag: 'script' | 'style'): string {
  return code.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The self-contained report page: the data as JSON, the page script and uPlot (a charting library) inline,
 * and a Content-Security-Policy that allows no network source at all; the inline script and style elements
 * are allowed by their SHA-256 hashes only (no 'unsafe-inline'), so injected markup could not run even if
 * the page script had a bug.
 */
export function renderReportHtml(data: ReportData): string {
  const dir = reportPageDir();
  const require = createRequire(import.meta.url);
  const uplotJs = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const uplotCss = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  const template = readFileSync(join(dir, 'report.html'), 'utf8');
  const style = inlineSafe(`${uplotCss}\n${readFileSync(join(dir, 'report.css'), 'utf8')}`, 'style');
  const script = inlineSafe(`${uplotJs}\n;\n${readFileSync(join(dir, 'report.js'), 'utf8')}`, 'script');
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    "img-src 'none'",
    "connect-src 'none'",
    "font-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "manifest-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const slots: Record<string, string> = {
    CSP: escapeHtml(csp),
    TITLE: escapeHtml(`cxqa report · ${data.rubric.title} · ${data.period.from.slice(0, 10)} – ${data.period.to.slice(0, 10)}`),
    STYLE: style,
    DATA: jsonForScript(data),
    SCRIPT: script,
  };
  // One pass with a function replacer: nothing inside the inserted text is ever read as a slot or a `$` pattern.
  return template.replace(/\{\{(CSP|TITLE|STYLE|DATA|SCRIPT)\}\}/g, (_, name: string) => slots[name]!);
}
