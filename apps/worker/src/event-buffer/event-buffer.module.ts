import { Module } from '@nestjs/common';
import { EventBufferPruner } from './event-buffer-pruner.js';

/** The event buffer's background pruning (docs/adr/0008-event-buffer.md). */
@Module({ providers: [EventBufferPruner], exports: [EventBufferPruner] })
export class EventBufferModule {}
