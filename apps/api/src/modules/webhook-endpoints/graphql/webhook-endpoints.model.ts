import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { JsonScalar } from '../../audit/graphql/json.scalar.js';

/** An endpoint without its signing secret: the type has no field that could carry one. */
@ObjectType('WebhookEndpoint')
export class WebhookEndpointModel {
  @Field(() => ID) id!: string;
  @Field() url!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => [String], { description: '["*"] for every event type, or a list of event types' })
  eventTypes!: string[];
  @Field() enabled!: boolean;
  @Field(() => String, { nullable: true, description: '`gone` when a 410 answer disabled it' })
  disabledReason!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Until when the secret replaced by the last rotation still signs deliveries',
  })
  previousSecretExpiresAt!: string | null;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field() createdAt!: string;
  @Field() updatedAt!: string;
}

@ObjectType('WebhookEndpointWithSecret')
export class WebhookEndpointWithSecretModel {
  @Field(() => WebhookEndpointModel) endpoint!: WebhookEndpointModel;
  @Field({ description: 'The signing secret (Standard Webhooks), shown this once' }) secret!: string;
}

@ObjectType('WebhookEndpointPage')
export class WebhookEndpointPageModel {
  @Field(() => [WebhookEndpointModel]) data!: WebhookEndpointModel[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType('WebhookDeliveryAttempt')
export class WebhookDeliveryAttemptModel {
  @Field(() => Int) attempt!: number;
  @Field() startedAt!: string;
  @Field(() => Int) durationMs!: number;
  @Field(() => Int, { nullable: true }) statusCode!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => String, { nullable: true, description: 'The start of the answer (≤ 2 KiB)' })
  responseExcerpt!: string | null;
}

@ObjectType('WebhookDelivery')
export class WebhookDeliveryModel {
  @Field(() => ID, { description: 'Also the webhook-id header of every attempt' }) id!: string;
  @Field(() => ID) endpointId!: string;
  @Field() eventType!: string;
  @Field({ description: 'pending, delivered or failed' }) status!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true }) nextAttemptAt!: string | null;
  @Field(() => Int, { nullable: true }) lastStatusCode!: number | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => String, { nullable: true }) deliveredAt!: string | null;
  @Field() createdAt!: string;
  @Field() updatedAt!: string;
}

@ObjectType('WebhookDeliveryDetail')
export class WebhookDeliveryDetailModel extends WebhookDeliveryModel {
  @Field(() => JsonScalar, { description: 'The body every attempt sends' }) payload!: Record<string, unknown>;
  @Field(() => [WebhookDeliveryAttemptModel]) attemptLog!: WebhookDeliveryAttemptModel[];
}

@ObjectType('WebhookDeliveryPage')
export class WebhookDeliveryPageModel {
  @Field(() => [WebhookDeliveryModel]) data!: WebhookDeliveryModel[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}
