import { Injectable } from '@nestjs/common';
import {
  stepTypeRegistry,
  type AnyStepTypeDefinition,
  type ExpressionField,
  type JsonSchema,
  type NestedGraphField,
  type StepCategory,
} from '@stepline/domain';

/** One entry of the catalogue, as the editor and the SDK read it. */
export interface StepTypeView {
  type: string;
  category: StepCategory;
  title: string;
  description: string;
  configSchema: JsonSchema;
  defaults: object;
  /** The `when` labels a step with the default config can emit (error ports come from onError). */
  outputPorts: string[];
  expressionFields: ExpressionField[];
  nestedGraphs: NestedGraphField[];
  terminal: boolean;
}

const toView = (d: AnyStepTypeDefinition): StepTypeView => ({
  type: d.type,
  category: d.category,
  title: d.title,
  description: d.description,
  configSchema: d.configSchema,
  defaults: d.defaults,
  outputPorts: d.outputPorts(d.defaults),
  expressionFields: [...(d.expressionFields ?? [])],
  nestedGraphs: (d.nestedGraphs ?? []).map((g) => ({ field: g.field, locals: [...g.locals] })),
  terminal: d.terminal ?? false,
});

/** The step-type catalogue. The same for every tenant and fixed per build, so computed once. */
@Injectable()
export class StepTypesService {
  private readonly catalogue = stepTypeRegistry.list().map(toView);

  list(): StepTypeView[] {
    return this.catalogue;
  }
}
