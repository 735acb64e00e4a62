/** What the domain operations need: the app's services (repositories, clock, audit, caches). */
export type { Services as DomainDeps } from '../services';
