import { ApiProperty } from '@nestjs/swagger';

const CATEGORIES = ['core', 'flow', 'data', 'human', 'integration'];

export class ExpressionFieldDto {
  @ApiProperty({ example: 'url', description: 'Dotted path inside config' }) field!: string;
  @ApiProperty({
    enum: ['expression', 'template'],
    description: 'expression: bare JSONata · template: strings with {{ }}',
  })
  kind!: 'expression' | 'template';
}

export class NestedGraphDto {
  @ApiProperty({ example: 'body' }) field!: string;
  @ApiProperty({
    type: [String],
    example: ['item', 'index'],
    description: 'Extra expression roots inside it',
  })
  locals!: string[];
}

export class StepTypeDto {
  @ApiProperty({ example: 'http' }) type!: string;
  @ApiProperty({ enum: CATEGORIES }) category!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Draft-07 JSON Schema of config' })
  configSchema!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The config a new step starts with',
  })
  defaults!: object;
  @ApiProperty({
    type: [String],
    description: 'Edge labels (`when`) a step with the default config can emit',
  })
  outputPorts!: string[];
  @ApiProperty({ type: [ExpressionFieldDto] }) expressionFields!: ExpressionFieldDto[];
  @ApiProperty({ type: [NestedGraphDto] }) nestedGraphs!: NestedGraphDto[];
  @ApiProperty({ description: 'A terminal step ends the run and has no outgoing edges' }) terminal!: boolean;
}

export class StepTypeListDto {
  @ApiProperty({ type: [StepTypeDto] }) data!: StepTypeDto[];
}
