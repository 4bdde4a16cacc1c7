/**
 * Which criteria the offline judge can score, decided from the rubric alone (no transcript): a criterion whose
 * signal (`offline.signal`, else its id) is a built-in one or an alias, with a kind that signal's answer can be
 * mapped onto; or a category criterion whose labels are resolution outcomes. Anything else gets N/A with
 * `OFFLINE_UNSUPPORTED` on every transcript, never the verdict of an unrelated signal; `cxqa rubric check` lists them.
 */
import type { JudgedCriterion } from '../../rubric/schema.js';
import { resolutionLabelMap } from './fit-criterion.js';
import { OFFLINE_SIGNALS, resolveOfflineSignal, type OfflineSignal } from './signal-names.js';

/** The native answer of each built-in signal. */
const NATIVE: Record<OfflineSignal, 'level' | 'binary' | 'outcome'> = {
  accuracy: 'level',
  policy_compliance: 'binary',
  tone: 'level',
  actionability: 'level',
  resolution: 'outcome',
  handoff_quality: 'binary',
  auto_csat: 'level',
};

const PASS_LABELS = ['pass', 'yes', 'true', 'ok', 'compliant'];
const FAIL_LABELS = ['fail', 'no', 'false', 'not_ok', 'non_compliant'];

/** Labels that name a resolution outcome outright ("yes"/"no" alone do not make a criterion about resolution). */
const RESOLUTION_WORDS = new Set(['resolved', 'solved', 'fixed', 'unresolved', 'not_resolved', 'unsolved', 'escalated', 'transferred', 'abandoned', 'dropped', 'contained', 'fcr', 'first_contact_resolution']);

export type OfflineSupport =
  | { supported: true; signal: OfflineSignal; via: 'signal' | 'labels' }
  | { supported: false; reason: string };

export function offlineSupport(criterion: JudgedCriterion): OfflineSupport {
  const name = criterion.offline?.signal ?? criterion.id;
  const known = resolveOfflineSignal(name);
  const labelIds = criterion.kind === 'category' ? criterion.labels.map((l) => l.id) : [];
  if (known) {
    if (criterion.kind !== 'category') return { supported: true, signal: known, via: 'signal' };
    const native = NATIVE[known];
    if (native === 'outcome' && resolutionLabelMap(criterion)) return { supported: true, signal: known, via: 'signal' };
    if (native === 'binary' && labelIds.some((l) => PASS_LABELS.includes(l)) && labelIds.some((l) => FAIL_LABELS.includes(l))) {
      return { supported: true, signal: known, via: 'signal' };
    }
    const why =
      native === 'outcome'
        ? 'its labels do not map onto resolved/escalated/unresolved/abandoned'
        : native === 'binary'
          ? 'the signal gives pass/fail and there is no pass/fail or yes/no label'
          : 'the signal gives a 1–5 level, which has no mapping onto labels';
    return { supported: false, reason: `signal "${known}" cannot answer category criterion "${criterion.id}" with labels ${labelIds.join(', ')}: ${why}` };
  }
  if (criterion.kind === 'category' && resolutionLabelMap(criterion) && labelIds.some((l) => RESOLUTION_WORDS.has(l))) {
    return { supported: true, signal: 'resolution', via: 'labels' };
  }
  return {
    supported: false,
    reason: `the offline judge has no signal "${name}" for ${criterion.kind} criterion "${criterion.id}" (built-in signals: ${OFFLINE_SIGNALS.join(', ')}); set offline.signal to one of them if it measures the same thing, or use a model judge`,
  };
}
