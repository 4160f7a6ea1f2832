import { Field, ObjectType } from '@nestjs/graphql';
import type { StepCategory } from '@stepline/domain';
import { JsonScalar } from '../../audit/graphql/json.scalar.js';

@ObjectType('ExpressionField')
export class ExpressionFieldModel {
  @Field({ description: 'Dotted path inside config' }) field!: string;
  @Field(() => String, { description: 'expression (bare JSONata) | template (strings with {{ }})' })
  kind!: 'expression' | 'template';
}

@ObjectType('NestedGraph')
export class NestedGraphModel {
  @Field() field!: string;
  @Field(() => [String], { description: 'Extra expression roots inside it' }) locals!: string[];
}

@ObjectType('StepType')
export class StepTypeModel {
  @Field() type!: string;
  @Field(() => String, { description: 'core | flow | data | human | integration' }) category!: StepCategory;
  @Field() title!: string;
  @Field() description!: string;
  @Field(() => JsonScalar, { description: 'Draft-07 JSON Schema of config' }) configSchema!: Record<
    string,
    unknown
  >;
  @Field(() => JsonScalar, { description: 'The config a new step starts with' }) defaults!: object;
  @Field(() => [String], { description: 'Edge labels a step with the default config can emit' })
  outputPorts!: string[];
  @Field(() => [ExpressionFieldModel]) expressionFields!: ExpressionFieldModel[];
  @Field(() => [NestedGraphModel]) nestedGraphs!: NestedGraphModel[];
  @Field() terminal!: boolean;
}
