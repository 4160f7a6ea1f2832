import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { CoreModule, ENTITIES, type AppConfig, type Logger } from '@stepline/server';
import { ProblemFilter } from './common/errors/problem.filter.js';
import { HealthModule } from './modules/health/health.module.js';

export interface ApiModuleOptions {
  config: AppConfig;
  logger?: Logger;
}

@Module({})
export class AppModule {
  static forRoot({ config, logger }: ApiModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot({ service: 'api', config, entities: ENTITIES, logger }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          playground: false,
          introspection: true,
          includeStacktraceInErrorResponses: false,
          subscriptions: { 'graphql-ws': true },
          context: ({ req, extra }: { req?: unknown; extra?: unknown }) => ({ req, extra }),
        }),
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
