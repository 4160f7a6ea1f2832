import { HttpException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { AppError, checkJsonShape, type FieldProblem, type JsonShapeLimits } from '@stepline/domain';
import { jsonShapeError } from '../http/json-body-limits.js';
import { findInputTextProblems, isMultilineArg } from '../http/text-input.js';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const path = `${parent}/${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      path,
      code: rule === 'whitelistValidation' ? 'field.unknown' : `field.${rule}`,
      message: rule === 'whitelistValidation' ? `property ${error.property} is not allowed` : message,
    }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/** GraphQL `@Args` (GqlParamtype.ARGS); REST bodies and query strings. Path params have their pipes. */
const GRAPHQL_ARGS = 3;
const isClientInput = ({ type }: ArgumentMetadata) =>
  type === 'body' || type === 'query' || (type as unknown) === GRAPHQL_ARGS;

/**
 * Request DTO validation for every REST body and query and every GraphQL argument, in this order:
 * 1. the shape of the raw value (depth, size) — GraphQL variables reach here without passing the
 *    HTTP body check (GET, WebSocket), and class-transformer recurses;
 * 2. class-transformer, then our text rule (no control characters, no unpaired surrogates) and
 *    class-validator together, every problem reported with its JSON pointer;
 * 3. anything else a third-party validator throws is a 422, never a 500.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor(private readonly limits: JsonShapeLimits) {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => AppError.validation(flatten(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (!isClientInput(metadata)) return super.transform(value, metadata);
    const shape = checkJsonShape(value, this.limits);
    if (shape) throw jsonShapeError(shape, 'The input');
    if (!metadata.metatype || !this.toValidate(metadata)) {
      // No DTO: class-validator will not look at it, so the text rule must.
      const mode = isMultilineArg(metadata.data) ? 'multi-line' : 'single-line';
      const problems = findInputTextProblems(value, metadata.data ? `/${metadata.data}` : '', mode);
      if (problems.length) throw AppError.validation(problems);
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof AppError || error instanceof HttpException) throw error;
      // A validator or transformer that throws on odd input is the input's fault, not the server's.
      throw AppError.validation([
        { path: '', code: 'field.invalid', message: 'the input could not be validated' },
      ]);
    }
  }

  protected override async validate(object: object, validatorOptions?: object): Promise<ValidationError[]> {
    const textProblems = findInputTextProblems(object);
    if (!textProblems.length) return super.validate(object, validatorOptions);
    // Some validators throw on the text refused here (isEmail on a lone surrogate): report ours.
    let errors: ValidationError[] = [];
    try {
      errors = await super.validate(object, validatorOptions);
    } catch {
      // reported as our text problems
    }
    throw AppError.validation([...textProblems, ...flatten(errors)]);
  }
}

/** The defaults of HTTP_JSON_MAX_DEPTH / HTTP_JSON_MAX_NODES, for apps built without a config. */
export const DEFAULT_INPUT_LIMITS: JsonShapeLimits = { maxDepth: 64, maxNodes: 100_000 };

export const createValidationPipe = (limits: JsonShapeLimits = DEFAULT_INPUT_LIMITS) =>
  new AppValidationPipe(limits);
