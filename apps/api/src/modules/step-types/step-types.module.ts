import { Module } from '@nestjs/common';
import { StepTypesResolver } from './graphql/step-types.resolver.js';
import { StepTypesController } from './rest/step-types.controller.js';
import { StepTypesService } from './step-types.service.js';

/** The step-type catalogue from libs/domain, for the editor's palette and forms and the SDK. */
@Module({ controllers: [StepTypesController], providers: [StepTypesService, StepTypesResolver] })
export class StepTypesModule {}
