import { Module } from '@nestjs/common';
import { RunStartLimiterProvider } from '@stepline/server';
import { RunsModule } from '../runs/runs.module.js';
import { ScheduleFirer } from './schedule-firer.js';

/** Schedule triggers: the scheduler loop that starts their runs (README.md). */
@Module({
  imports: [RunsModule],
  providers: [ScheduleFirer, RunStartLimiterProvider],
  exports: [ScheduleFirer],
})
export class SchedulesModule {}
