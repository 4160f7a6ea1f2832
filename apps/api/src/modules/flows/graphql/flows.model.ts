import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { RunStatus } from '@stepline/domain';
import type { FlowVersionStatus } from '@stepline/server';
import { JsonScalar } from '../../audit/graphql/json.scalar.js';
import { RUN_STATS_DAYS } from '../flows.types.js';

const STATUS = { description: 'draft | published | archived' };

@ObjectType('FlowLastRun')
export class FlowLastRunModel {
  @Field(() => ID) id!: string;
  @Field(() => String, {
    description: 'queued | running | waiting | succeeded | failed | cancelled | timed_out',
  })
  status!: RunStatus;
  @Field() createdAt!: string;
}

@ObjectType('FlowRunStats', {
  description: `The flow's real (non-test) runs of the last ${RUN_STATS_DAYS} days`,
})
export class FlowRunStatsModel {
  @Field({ description: 'Start of the window the counts cover' }) since!: string;
  @Field(() => Int) runCount!: number;
  @Field(() => Int) succeeded!: number;
  @Field(() => Int, { description: 'Runs that reached a terminal status' }) finished!: number;
  @Field(() => Float, { nullable: true, description: 'succeeded / finished (0..1); null when none finished' })
  successRate!: number | null;
  @Field(() => FlowLastRunModel, {
    nullable: true,
    description: 'The newest run, even from before the window; null when the flow never ran',
  })
  lastRun!: FlowLastRunModel | null;
}

@ObjectType('Flow')
export class FlowModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => [String]) tags!: string[];
  @Field(() => String, { nullable: true, description: 'The creating user; null for API keys' }) createdBy!:
    string | null;
  @Field() createdAt!: string;
  @Field() updatedAt!: string;
  @Field(() => String, { nullable: true }) archivedAt!: string | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Revision of the saved draft; null when nothing is unpublished',
  })
  draftRevision!: number | null;
  @Field(() => Int, { nullable: true }) publishedVersion!: number | null;
  @Field(() => Int, { description: 'Highest version number, the draft included' }) latestVersion!: number;
}

@ObjectType('FlowPage')
export class FlowPageModel {
  @Field(() => [FlowModel]) data!: FlowModel[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType('DefinitionProblem')
export class DefinitionProblemModel {
  @Field({ description: 'JSON pointer into the definition' }) path!: string;
  @Field() code!: string;
  @Field() message!: string;
}

@ObjectType('FlowDraft')
export class FlowDraftModel {
  @Field(() => ID) flowId!: string;
  @Field(() => Int, { description: 'The version number the draft will get when published' }) version!: number;
  @Field(() => Int, { description: 'Pass it as `revision` when saving' }) revision!: number;
  @Field({ description: 'false: nothing saved since the last publish; this is the published definition' })
  saved!: boolean;
  @Field(() => JsonScalar) definition!: Record<string, unknown>;
  @Field(() => [DefinitionProblemModel], { description: 'What publish would refuse; empty when publishable' })
  problems!: DefinitionProblemModel[];
}

@ObjectType('CreatedFlow')
export class CreatedFlowModel extends FlowModel {
  @Field(() => FlowDraftModel) draft!: FlowDraftModel;
}

@ObjectType('FlowVersion')
export class FlowVersionModel {
  @Field(() => Int) number!: number;
  @Field(() => String, STATUS) status!: FlowVersionStatus;
  @Field(() => String, { nullable: true }) changeNote!: string | null;
  @Field(() => Int) revision!: number;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field() createdAt!: string;
  @Field(() => String, { nullable: true }) publishedAt!: string | null;
}

@ObjectType('FlowVersionDetail')
export class FlowVersionDetailModel extends FlowVersionModel {
  @Field(() => JsonScalar) definition!: Record<string, unknown>;
}

@ObjectType('FlowVersionPage')
export class FlowVersionPageModel {
  @Field(() => [FlowVersionModel]) data!: FlowVersionModel[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType('FlowDiffSide')
export class FlowDiffSideModel {
  @Field(() => Int) version!: number;
  @Field(() => String, STATUS) status!: FlowVersionStatus;
}

@ObjectType('FlowEdge')
export class FlowEdgeModel {
  @Field() from!: string;
  @Field() to!: string;
  @Field(() => String, { nullable: true }) when?: string;
}

@ObjectType('FlowStepChange')
export class FlowStepChangeModel {
  @Field() id!: string;
  @Field(() => [String], { description: 'Top-level fields, then config.<key> per changed config key' })
  fields!: string[];
  @Field(() => JsonScalar) before!: unknown;
  @Field(() => JsonScalar) after!: unknown;
}

@ObjectType('FlowStepsDiff')
export class FlowStepsDiffModel {
  @Field(() => [JsonScalar]) added!: unknown[];
  @Field(() => [JsonScalar]) removed!: unknown[];
  @Field(() => [FlowStepChangeModel]) changed!: FlowStepChangeModel[];
}

@ObjectType('FlowEdgesDiff')
export class FlowEdgesDiffModel {
  @Field(() => [FlowEdgeModel]) added!: FlowEdgeModel[];
  @Field(() => [FlowEdgeModel]) removed!: FlowEdgeModel[];
}

@ObjectType('FlowSettingsDiff')
export class FlowSettingsDiffModel {
  @Field(() => [String]) changed!: string[];
  @Field(() => JsonScalar) before!: unknown;
  @Field(() => JsonScalar) after!: unknown;
}

@ObjectType('FlowDiff')
export class FlowDiffModel {
  @Field(() => FlowDiffSideModel) from!: FlowDiffSideModel;
  @Field(() => FlowDiffSideModel) to!: FlowDiffSideModel;
  @Field(() => FlowStepsDiffModel) steps!: FlowStepsDiffModel;
  @Field(() => FlowEdgesDiffModel) edges!: FlowEdgesDiffModel;
  @Field(() => FlowSettingsDiffModel) settings!: FlowSettingsDiffModel;
}
