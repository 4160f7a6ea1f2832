import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Can } from '../../../common/auth/can.decorator.js';
import { StepTypesService, type StepTypeView } from '../step-types.service.js';
import { StepTypeListDto } from './step-types.dto.js';

@ApiTags('step-types')
@Controller('v1/step-types')
export class StepTypesController {
  constructor(private readonly stepTypes: StepTypesService) {}

  @Can('read', 'StepType')
  @Get()
  @ApiOkResponse({
    type: StepTypeListDto,
    description: 'The catalogue in palette order, with each config JSON Schema',
  })
  list(): { data: StepTypeView[] } {
    return { data: this.stepTypes.list() };
  }
}
