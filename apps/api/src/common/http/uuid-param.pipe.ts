import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '@stepline/domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Path and argument ids. A malformed id names no resource, so it answers the same 404 as an id of
 * another tenant — callers learn nothing from the difference, and Postgres never sees a bad uuid.
 */
@Injectable()
export class UuidParamPipe implements PipeTransform<unknown, string> {
  constructor(private readonly resource = 'Resource') {}

  transform(value: unknown): string {
    if (typeof value !== 'string' || !UUID.test(value)) throw AppError.notFound(this.resource);
    return value.toLowerCase();
  }
}

export const isUuid = (value: string): boolean => UUID.test(value);
