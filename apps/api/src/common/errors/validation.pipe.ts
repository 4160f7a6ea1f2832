import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError, type FieldProblem } from '@stepline/domain';

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

/** Request DTO validation: unknown fields are rejected, every problem reported with its JSON pointer. */
export const createValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppError.validation(flatten(errors)),
  });
