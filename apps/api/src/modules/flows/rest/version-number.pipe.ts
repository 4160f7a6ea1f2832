import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '@stepline/domain';

const VERSION_NUMBER = /^[1-9][0-9]{0,8}$/;

/**
 * `{number}` of a version path. Like a malformed id, a malformed number names no version: 404.
 * The global ValidationPipe runs first and may already have turned the text into a number.
 */
@Injectable()
export class VersionNumberPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || !VERSION_NUMBER.test(text)) throw AppError.notFound('Version');
    return Number(text);
  }
}
