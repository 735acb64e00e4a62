/**
 * Template inheritance, pure: resolve a branch instance (template + overlay), derive
 * an overlay from an edited definition, check HQ's locks, plan and force upgrades,
 * and find mandatory workflows. See docs/templates.md.
 */
export type { Definition as ResolvedDefinition, ElementRef } from './elements';
export { applyChanges, normalizeDefinition, resolveTemplate, type Resolution } from './resolve';
export { deriveChanges, deriveOverlay } from './derive-overlay';
export { checkLocks } from './check-locks';
export { checkInstance, type InstanceCheck } from './check-instance';
export { lockContext, policyOf, MANDATORY_POLICY, type LockContext } from './lock-context';
export { appliesToForm, checkDisable, isMandatory, mandatoryWorkflowsFor } from './mandatory';
export { forceUpgrade, planUpgrade, type UpgradePlan } from './upgrade';
export type { UpgradeConflictCode } from './upgrade-messages';
