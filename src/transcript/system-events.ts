/**
 * Names of `system` message events (`messages[].event`) that mean something to cxqa, whatever the source
 * platform calls them. Matched case-insensitively against the whole event name.
 */

/** System events that mean a hand-off (bot → human) or transfer. */
export const HANDOFF_EVENT = /^(?:handoff|hand_off|hand-off|transfer|transferred|escalation|escalated|agent_joined)$/i;

/** System events that mean the customer left. */
export const CUSTOMER_LEFT_EVENT = /^(?:customer_left|customer_disconnected|customer_abandoned|abandoned|customer_timeout|customer_idle|idle_timeout|inactivity_timeout)$/i;

/** System events that mean the customer's identity was verified. */
export const VERIFIED_EVENT = /^(?:verified|identity_verified|customer_verified|authenticated|auth_ok|id_verified)$/i;
