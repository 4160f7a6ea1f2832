import { graphql } from '../../../core/graphql/generated';
import type { TenantSettingsInput, UsageQuery } from '../../../core/graphql/generated/graphql';

export const UsageDocument = graphql(`
  query Usage($from: String, $to: String) {
    usage(from: $from, to: $to) {
      from
      to
      days {
        day
        runs
        steps
        stepSeconds
      }
      totals {
        runs
        steps
        stepSeconds
      }
      quotas {
        maxConcurrentRuns
        runStartsPerMinute
        maxStepsPerRun
        maxForEachItems
        maxPayloadBytes
        maxStepOutputBytes
      }
      slots {
        held
        pending
      }
    }
  }
`);

export const UpdateQuotasDocument = graphql(`
  mutation UpdateQuotas($input: UpdateTenantInput!) {
    updateTenant(input: $input) {
      id
    }
  }
`);

export type Usage = UsageQuery['usage'];
export type Quotas = Usage['quotas'];
export type QuotaChange = TenantSettingsInput;
