import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module.js';
import { RunAdmitter } from './run-admitter.js';
import { UsageAggregator } from './usage-aggregator.js';

/** Fair admission of pending runs and the usage aggregation (README.md). */
@Module({
  imports: [RunsModule],
  providers: [RunAdmitter, UsageAggregator],
  exports: [RunAdmitter, UsageAggregator],
})
export class AdmissionModule {}
