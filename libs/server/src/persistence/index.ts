export * from './data-source.factory.js';
export * from './tenant-transaction.js';
export * from './entities/index.js';
export * from './repositories/index.js';
export * from './migrate.js';
export * from './group-commit.js';
export * from './prepared-query.js';
