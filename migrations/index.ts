import { Foundation1763769600000 } from './src/1763769600000-foundation.js';
import { Identity1763773200000 } from './src/1763773200000-identity.js';
import { Flows1763776800000 } from './src/1763776800000-flows.js';
import { AuditTruncateGuard1763780400000 } from './src/1763780400000-audit-truncate-guard.js';
import { Runs1764460800000 } from './src/1764460800000-runs.js';
import { Secrets1764550800000 } from './src/1764550800000-secrets.js';
import { Triggers1764640800000 } from './src/1764640800000-triggers.js';
import { ScheduleTriggers1764727200000 } from './src/1764727200000-schedule-triggers.js';
import { WebhookEndpoints1764730800000 } from './src/1764730800000-webhook-endpoints.js';
import { Waitpoints1764734400000 } from './src/1764734400000-waitpoints.js';
import { Approvals1764736200000 } from './src/1764736200000-approvals.js';
import { Events1764738000000 } from './src/1764738000000-events.js';
import { EngineThroughput1764741600000 } from './src/1764741600000-engine-throughput.js';
import { QuotasUsage1764745200000 } from './src/1764745200000-quotas-usage.js';
import { WebhookAcceptBatch1764748800000 } from './src/1764748800000-webhook-accept-batch.js';
import { SubflowSweep1764752400000 } from './src/1764752400000-subflow-sweep.js';
import { ResumeAdmissionEventBuffer1764763200000 } from './src/1764763200000-resume-admission-event-buffer.js';
import { EngineOneCommit1764766800000 } from './src/1764766800000-engine-one-commit.js';
import { SessionMembership1764770400000 } from './src/1764770400000-session-membership.js';
import { RunDetailRead1764774000000 } from './src/1764774000000-run-detail-read.js';
import { RunsKeyLookups1764777600000 } from './src/1764777600000-runs-key-lookups.js';
import { PendingNewestFirst1764781200000 } from './src/1764781200000-pending-newest-first.js';
import { LockAdmissionSlots1764784800000 } from './src/1764784800000-lock-admission-slots.js';
import { WebhookAcceptStatements1764788400000 } from './src/1764788400000-webhook-accept-statements.js';
import { UsageWithoutJoin1764792000000 } from './src/1764792000000-usage-without-join.js';

/** Every migration, oldest first. Append only: never edit one that has landed. */
export const MIGRATIONS = [
  Foundation1763769600000,
  Identity1763773200000,
  Flows1763776800000,
  AuditTruncateGuard1763780400000,
  Runs1764460800000,
  Secrets1764550800000,
  Triggers1764640800000,
  ScheduleTriggers1764727200000,
  WebhookEndpoints1764730800000,
  Waitpoints1764734400000,
  Approvals1764736200000,
  Events1764738000000,
  EngineThroughput1764741600000,
  QuotasUsage1764745200000,
  WebhookAcceptBatch1764748800000,
  SubflowSweep1764752400000,
  ResumeAdmissionEventBuffer1764763200000,
  EngineOneCommit1764766800000,
  SessionMembership1764770400000,
  RunDetailRead1764774000000,
  RunsKeyLookups1764777600000,
  PendingNewestFirst1764781200000,
  LockAdmissionSlots1764784800000,
  WebhookAcceptStatements1764788400000,
  UsageWithoutJoin1764792000000,
];
