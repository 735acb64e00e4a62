/**
 * @branchline/templates — HQ's built-in templates as typed data, zh-CN and en.
 * Each is a `Template` document (schemas/src/template.ts) kept as JSON beside this
 * file; see docs/templates.md for what each one locks and where branches extend it.
 *
 * @example
 * import { BUILT_IN_TEMPLATES, QUOTE } from '@branchline/templates';
 * for (const t of BUILT_IN_TEMPLATES) publish(t);
 */
import type { Template } from '@branchline/schemas';
import customerGrading from './customer-grading.json';
import customerRegistration from './customer-registration.json';
import healthIndex from './health-index.json';
import leadRouting from './lead-routing.json';
import quoteDiscountApproval from './quote-discount-approval.json';
import quote from './quote.json';
import usageDropRevisit from './usage-drop-revisit.json';

/** Customer registration (form): locked company data, credit code, region, contact, data source, privacy consent and the computed tier. */
export const CUSTOMER_REGISTRATION = customerRegistration as Template;
/** Quote (form): line items with computed totals, the locked 30 % discount cap and contract template, a suggested price band. */
export const QUOTE = quote as Template;
/** Mandatory workflow on quotes: the branch admin approves a discount above 15 %. */
export const QUOTE_DISCOUNT_APPROVAL = quoteDiscountApproval as Template;
/** Mandatory workflow on customer registrations: the owner's first follow-up due 1 h (S), 4 h (A) or 24 h (B); overdue escalates. */
export const CUSTOMER_GRADING = customerGrading as Template;
/** Opt-in workflow: a new lead goes to the best-matching rep; first response in 8 minutes or it is reassigned. */
export const LEAD_ROUTING = leadRouting as Template;
/** Opt-in workflow: the external event `usage.dropped` creates a revisit task for the customer's owner. */
export const USAGE_DROP_REVISIT = usageDropRevisit as Template;
/** Opt-in workflow: the external event `usage.reported` computes a 0–100 health score and flags renewal risk below 40. */
export const HEALTH_INDEX = healthIndex as Template;

/** Every built-in template, forms first (workflows name the forms they run on). */
export const BUILT_IN_TEMPLATES: readonly Template[] = [
  CUSTOMER_REGISTRATION,
  QUOTE,
  QUOTE_DISCOUNT_APPROVAL,
  CUSTOMER_GRADING,
  LEAD_ROUTING,
  USAGE_DROP_REVISIT,
  HEALTH_INDEX,
];

/**
 * The built-in template with `key`, if there is one.
 * @example builtInTemplate('quote')?.locks.length // → 9
 */
export function builtInTemplate(key: string): Template | undefined {
  return BUILT_IN_TEMPLATES.find((t) => t.key === key);
}
