import type { StepTypeRegistry } from '../../step-types/step-type.registry.js';
import { ERROR_PORT, type AnyStepTypeDefinition } from '../../step-types/step-type.types.js';
import type { FlowStep, OnErrorMode } from '../definition/flow-definition.types.js';

/** The `when` labels a step may emit: its type's ports, plus `error` when it branches on error. */
export const stepPorts = (
  definition: AnyStepTypeDefinition,
  config: object,
  onError?: OnErrorMode | unknown,
): string[] => [...definition.outputPorts(config), ...(onError === 'branch' ? [ERROR_PORT] : [])];

/** Ports of a step of a known type (for the editor's connectors); undefined for unknown types. */
export const portsOfStep = (step: FlowStep, registry: StepTypeRegistry): string[] | undefined => {
  const definition = registry.get(step.type);
  return definition ? stepPorts(definition, step.config, step.onError) : undefined;
};
