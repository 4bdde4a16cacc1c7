import { connectFormat } from './connect.js';
import { freshdeskFormat } from './freshdesk.js';
import { frontFormat } from './front.js';
import { gorgiasFormat } from './gorgias.js';
import { helpscoutFormat } from './helpscout.js';
import { hubspotFormat } from './hubspot.js';
import type { HelpdeskFormat } from './helpdesk-format.js';
import { intercomFormat } from './intercom.js';
import { salesforceFormat } from './salesforce.js';
import { zendeskFormat } from './zendesk.js';

/** The JSON-based helpdesk formats of `cxqa import --from`, by name (`csv` has its own reader). */
export const HELPDESK_FORMATS: ReadonlyMap<string, HelpdeskFormat> = new Map(
  [zendeskFormat, intercomFormat, freshdeskFormat, salesforceFormat, connectFormat, hubspotFormat, gorgiasFormat, helpscoutFormat, frontFormat].map((f) => [f.name, f] as const),
);
