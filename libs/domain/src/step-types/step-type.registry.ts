import { AppError } from '../errors/index.js';
import { approvalStepType } from './approval.step-type.js';
import { codeStepType } from './code.step-type.js';
import { conditionStepType } from './condition.step-type.js';
import { delayStepType } from './delay.step-type.js';
import { failStepType } from './fail.step-type.js';
import { forEachStepType } from './for-each.step-type.js';
import { httpStepType } from './http.step-type.js';
import { respondStepType } from './respond.step-type.js';
import { setVariableStepType } from './set-variable.step-type.js';
import type { AnyStepTypeDefinition, StepCategory } from './step-type.types.js';
import { subflowStepType } from './subflow.step-type.js';
import { switchStepType } from './switch.step-type.js';
import { transformStepType } from './transform.step-type.js';
import { waitForEventStepType } from './wait-for-event.step-type.js';

/** Lookup of step-type definitions by `type`. Everything that varies by type goes through here. */
export class StepTypeRegistry {
  private readonly byType = new Map<string, AnyStepTypeDefinition>();

  constructor(definitions: readonly AnyStepTypeDefinition[]) {
    for (const definition of definitions) {
      if (this.byType.has(definition.type))
        throw new Error(`Step type "${definition.type}" registered twice`);
      this.byType.set(definition.type, definition);
    }
  }

  get(type: string): AnyStepTypeDefinition | undefined {
    return this.byType.get(type);
  }

  /** Like `get`, for callers that already validated the definition. */
  require(type: string): AnyStepTypeDefinition {
    const definition = this.byType.get(type);
    if (!definition) throw new AppError('validation.failed', `Unknown step type "${type}"`);
    return definition;
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  list(): AnyStepTypeDefinition[] {
    return [...this.byType.values()];
  }

  byCategory(category: StepCategory): AnyStepTypeDefinition[] {
    return this.list().filter((definition) => definition.category === category);
  }

  /** A registry with extra types, e.g. the integration wave or a test double. */
  with(...definitions: AnyStepTypeDefinition[]): StepTypeRegistry {
    return new StepTypeRegistry([...this.list(), ...definitions]);
  }
}

/** The core catalogue, in palette order. A new type is one definition file and one line here. */
export const CORE_STEP_TYPES: readonly AnyStepTypeDefinition[] = [
  httpStepType,
  transformStepType,
  codeStepType,
  conditionStepType,
  switchStepType,
  forEachStepType,
  delayStepType,
  approvalStepType,
  waitForEventStepType,
  subflowStepType,
  respondStepType,
  setVariableStepType,
  failStepType,
];

export const stepTypeRegistry = new StepTypeRegistry(CORE_STEP_TYPES);
