import { applyDecorators } from '@nestjs/common';

/**
 * One property decorator made of several, applied exactly as if they were written above the
 * property in this order (TypeScript applies the bottom one first). Keeping that order keeps the
 * validation metadata, and so the order of the problems a request gets back, unchanged.
 */
export const stackDecorators = (...decorators: PropertyDecorator[]): PropertyDecorator =>
  applyDecorators(...[...decorators].reverse());
