import { TenantEntity } from './tenant.entity.js';

export * from './tenant.entity.js';

/** Every entity of the schema; the schema-drift test compares exactly these with the migrations. */
export const ENTITIES = [TenantEntity];
