import { Field, ID, ObjectType } from '@nestjs/graphql';

/** A secret without its value: the type has no field that could carry one. */
@ObjectType('Secret')
export class SecretModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field({ description: 'Id of the encryption key the stored value is under' }) keyId!: string;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field() createdAt!: string;
  @Field() updatedAt!: string;
  @Field(() => String, { nullable: true, description: 'When a run last read it' }) lastUsedAt!: string | null;
}

@ObjectType('SecretPage')
export class SecretPageModel {
  @Field(() => [SecretModel]) data!: SecretModel[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}
