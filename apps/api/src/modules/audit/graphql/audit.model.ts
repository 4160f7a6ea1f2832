import { Field, ObjectType } from '@nestjs/graphql';
import type { ActorType } from '@stepline/server';
import { JsonScalar } from './json.scalar.js';

@ObjectType('AuditActor')
export class AuditActorModel {
  @Field(() => String, { description: 'user | api_key | system | anonymous' }) type!: ActorType;
  @Field(() => String, { nullable: true }) id!: string | null;
  @Field(() => String, { nullable: true, description: 'Email of a user, name of an API key' }) label!:
    string | null;
}

@ObjectType('AuditTarget')
export class AuditTargetModel {
  @Field() type!: string;
  @Field() id!: string;
}

@ObjectType('AuditRecord')
export class AuditRecordModel {
  @Field() id!: string;
  @Field(() => AuditActorModel) actor!: AuditActorModel;
  @Field() action!: string;
  @Field(() => AuditTargetModel, { nullable: true }) target!: AuditTargetModel | null;
  @Field(() => JsonScalar, { nullable: true, description: 'State before the change; secrets redacted' })
  before!: Record<string, unknown> | null;
  @Field(() => JsonScalar, { nullable: true, description: 'State after the change; secrets redacted' })
  after!: Record<string, unknown> | null;
  @Field(() => String, { nullable: true }) ip!: string | null;
  @Field(() => String, { nullable: true }) userAgent!: string | null;
  @Field(() => String, { nullable: true }) requestId!: string | null;
  @Field({ description: 'ISO 8601 date-time' }) createdAt!: string;
}

@ObjectType('AuditLogConnection')
export class AuditLogConnectionModel {
  @Field(() => [AuditRecordModel]) data!: AuditRecordModel[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}
