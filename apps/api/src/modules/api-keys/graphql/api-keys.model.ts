import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { ApiKeyScope } from '@stepline/domain';

@ObjectType('ApiKey')
export class ApiKeyModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: 'The first characters of the key' }) prefix!: string;
  @Field(() => [String], {
    description: 'flows:read, flows:write, runs:read, runs:write, events:write, admin',
  })
  scopes!: ApiKeyScope[];
  @Field(() => String, { nullable: true }) expiresAt!: string | null;
  @Field(() => String, { nullable: true }) lastUsedAt!: string | null;
  @Field(() => String, { nullable: true }) revokedAt!: string | null;
  @Field() createdAt!: string;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyModel extends ApiKeyModel {
  @Field({ description: 'The key itself; shown only in this answer' }) key!: string;
}

@ObjectType('ApiKeyPage')
export class ApiKeyPageModel {
  @Field(() => [ApiKeyModel]) data!: ApiKeyModel[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}
