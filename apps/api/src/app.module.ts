import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { CoreModule, ENTITIES, type AppConfig, type Logger } from '@stepline/server';
import { ProblemFilter } from './common/errors/problem.filter.js';
import { AuthCoreModule } from './common/auth/auth-core.module.js';
import { operationLimitsPlugin } from './common/graphql/operation-limits.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { ApprovalsModule } from './modules/approvals/approvals.module.js';
import { ApiKeysModule } from './modules/api-keys/api-keys.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { EventsModule } from './modules/events/events.module.js';
import { FlowsModule } from './modules/flows/flows.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { MembersModule } from './modules/members/members.module.js';
import { RunsModule } from './modules/runs/runs.module.js';
import { SecretsModule } from './modules/secrets/secrets.module.js';
import { StepTypesModule } from './modules/step-types/step-types.module.js';
import { TenantsModule } from './modules/tenants/tenants.module.js';
import { TriggersModule } from './modules/triggers/triggers.module.js';
import { UsageModule } from './modules/usage/usage.module.js';
import { WebhookEndpointsModule } from './modules/webhook-endpoints/webhook-endpoints.module.js';

export interface ApiModuleOptions {
  config: AppConfig;
  logger?: Logger;
}

/**
 * HTTP operations carry their request; subscriptions (graphql-ws) have none, so the connection's
 * `authorization` parameter stands in for the header and goes through the same guard.
 */
function graphqlContext(ctx: { req?: unknown; connectionParams?: Record<string, unknown> }) {
  if (ctx.req) return { req: ctx.req };
  const authorization = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
  return {
    req: { headers: { authorization: typeof authorization === 'string' ? authorization : undefined } },
  };
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
          introspection: config.graphql.introspection,
          // Without introspection, "did you mean …" suggestions would still reveal the schema.
          hideSchemaDetailsFromClientErrors: !config.graphql.introspection,
          includeStacktraceInErrorResponses: false,
          // Bounded work before any resolver runs: tokens at parse, selections at validation, then
          // variables, aliases, depth and estimated cost (common/graphql/operation-limits.ts).
          parseOptions: { maxTokens: config.graphql.maxTokens },
          maxRecursiveSelections: true,
          plugins: [
            operationLimitsPlugin({
              ...config.graphql,
              variables: { maxDepth: config.http.jsonMaxDepth, maxNodes: config.http.jsonMaxNodes },
            }),
          ],
          subscriptions: { 'graphql-ws': true },
          context: graphqlContext,
          // Nest skips guards and filters on @ResolveField by default: guard every field, and map
          // its errors to codes like any operation's.
          fieldResolverEnhancers: ['guards', 'filters'],
        }),
        AuthCoreModule,
        AuditModule,
        HealthModule,
        AuthModule,
        MembersModule,
        ApiKeysModule,
        TenantsModule,
        FlowsModule,
        RunsModule,
        TriggersModule,
        EventsModule,
        StepTypesModule,
        SecretsModule,
        WebhookEndpointsModule,
        ApprovalsModule,
        UsageModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
