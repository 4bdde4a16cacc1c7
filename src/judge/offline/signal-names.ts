/** The offline judge's built-in signals and the other names accepted for them (criterion id or `offline.signal`). */

/** The built-in signals, by name. */
export const OFFLINE_SIGNALS = ['accuracy', 'policy_compliance', 'tone', 'actionability', 'resolution', 'handoff_quality', 'auto_csat'] as const;
export type OfflineSignal = (typeof OFFLINE_SIGNALS)[number];

/** Other names accepted for the built-in signals (criterion id or `offline.signal`). */
export const OFFLINE_SIGNAL_ALIASES: Readonly<Record<string, OfflineSignal>> = {
  csat: 'auto_csat',
  satisfaction: 'auto_csat',
  predicted_csat: 'auto_csat',
  empathy: 'tone',
  courtesy: 'tone',
  next_steps: 'actionability',
  policy: 'policy_compliance',
  compliance: 'policy_compliance',
  handoff: 'handoff_quality',
  resolved: 'resolution',
  outcome: 'resolution',
};

/** The built-in signal a name refers to, or null. */
export function resolveOfflineSignal(name: string): OfflineSignal | null {
  if ((OFFLINE_SIGNALS as readonly string[]).includes(name)) return name as OfflineSignal;
  return OFFLINE_SIGNAL_ALIASES[name] ?? null;
}
