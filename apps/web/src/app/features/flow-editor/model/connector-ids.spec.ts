import { describe, expect, it } from 'vitest';
import {
  connectionId,
  inputConnectorId,
  outputConnectorId,
  parseConnectionId,
  parseConnectorId,
} from './connector-ids';

describe('connector and connection ids', () => {
  it('round-trip the step, port and edge they name', () => {
    expect(parseConnectorId(outputConnectorId('check', 'true'))).toEqual({
      kind: 'out',
      stepId: 'check',
      port: 'true',
    });
    expect(parseConnectorId(outputConnectorId('fetch', ''))).toEqual({
      kind: 'out',
      stepId: 'fetch',
      port: '',
    });
    expect(parseConnectorId(inputConnectorId('fetch'))).toEqual({ kind: 'in', stepId: 'fetch' });
    expect(parseConnectionId(connectionId({ from: 'a', to: 'b', when: 'false' }))).toEqual({
      from: 'a',
      to: 'b',
      when: 'false',
    });
    expect(parseConnectionId(connectionId({ from: 'a', to: 'b' }))).toEqual({ from: 'a', to: 'b' });
  });

  it('refuses ids that are not theirs', () => {
    expect(parseConnectorId('f-connector-3')).toBeUndefined();
    expect(parseConnectionId('start|x')).toBeUndefined();
  });
});
