import { QUOTA_BOUNDS, QUOTA_KEYS } from '@stepline/domain';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { TenantSettingsInput } from './graphql/tenants.input.js';
import { TenantSettingsDto } from './rest/tenants.dto.js';

const errorsOf = (cls: typeof TenantSettingsDto | typeof TenantSettingsInput, value: object) =>
  validateSync(plainToInstance(cls, value)).map((e) => e.property);

describe('quota settings (REST and GraphQL)', () => {
  it.each([TenantSettingsDto, TenantSettingsInput])('%o takes each quota within QUOTA_BOUNDS only', (cls) => {
    for (const key of QUOTA_KEYS) {
      const { min, max } = QUOTA_BOUNDS[key];
      expect(errorsOf(cls, { [key]: min })).toEqual([]);
      expect(errorsOf(cls, { [key]: max })).toEqual([]);
      expect(errorsOf(cls, {})).toEqual([]);
      expect(errorsOf(cls, { [key]: min - 1 })).toEqual([key]);
      expect(errorsOf(cls, { [key]: max + 1 })).toEqual([key]);
      expect(errorsOf(cls, { [key]: min + 0.5 })).toEqual([key]);
    }
  });
});
