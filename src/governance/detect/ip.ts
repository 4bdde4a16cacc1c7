import { isIPv6 } from 'node:net';
import { matchAll, type DetectedSpan } from './span.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\d.])${OCTET}(?:\\.${OCTET}){3}(?![\\d]|\\.\\d)`, 'g');
/**
 * A whole run of hex digits and colons (one quantifier, starting only where a run starts: linear time);
 * validated with `net.isIPv6`, which also requires the colons.
 */
const IPV6 = /(?<![\w:.])[0-9A-Fa-f:]{2,}(?![\w:])/g;

/** IPv4 addresses (each octet 0–255) and IPv6 addresses. */
export function detectIps(text: string): DetectedSpan[] {
  const out: DetectedSpan[] = [];
  for (const m of matchAll(IPV4, text)) out.push({ type: 'ip', start: m.start, end: m.end, match: m.match, normalized: m.match });
  for (const m of matchAll(IPV6, text)) {
    if (!m.match.includes(':') || !isIPv6(m.match) || /^\d{1,2}:\d{2}(:\d{2})?$/.test(m.match)) continue;
    out.push({ type: 'ip', start: m.start, end: m.end, match: m.match, normalized: m.match.toLowerCase() });
  }
  return out;
}
