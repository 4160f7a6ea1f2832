import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';

export interface DataSourceParams {
  url: string;
  entities: MixedList<Function>;
  migrations?: MixedList<Function>;
  poolSize?: number;
  applicationName?: string;
}

/** One DataSource shape for API, worker, migrations and tests. Schema changes only via migrations. */
export function createDataSource(params: DataSourceParams): DataSource {
  const options: DataSourceOptions = {
    type: 'postgres',
    url: params.url,
    entities: params.entities,
    migrations: params.migrations ?? [],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      max: params.poolSize ?? 10,
      application_name: params.applicationName ?? 'stepline',
      connectionTimeoutMillis: 5_000,
    },
  };
  return new DataSource(options);
}
