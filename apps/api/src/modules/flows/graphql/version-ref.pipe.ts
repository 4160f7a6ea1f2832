import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '@stepline/domain';
import { VERSION_REF_PATTERN, versionRefOf, type VersionRef } from '../flows.types.js';

/** A diff side argument: `draft` or a version number, else a validation problem at `/<name>`. */
@Injectable()
export class VersionRefPipe implements PipeTransform<unknown, VersionRef> {
  constructor(private readonly name: string) {}

  transform(value: unknown): VersionRef {
    if (typeof value === 'string' && VERSION_REF_PATTERN.test(value)) return versionRefOf(value);
    throw AppError.validation([
      {
        path: `/${this.name}`,
        code: 'field.matches',
        message: `${this.name} must be "draft" or a version number`,
      },
    ]);
  }
}
