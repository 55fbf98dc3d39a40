import { ApiProperty } from '@nestjs/swagger';

/** One run of a scheduled job, as GET /jobs/runs lists it (JobRun). */
export class JobRunDto {
  @ApiProperty({ example: '1042', description: 'increasing: later runs have larger ids' })
  id: string;
  @ApiProperty({ example: 'sla-sweep' }) job: string;
  @ApiProperty({ enum: ['schedule', 'manual'] }) trigger: string;
  @ApiProperty({ example: 'api-1:4211', description: 'INSTANCE_ID of the instance that ran it' })
  instance: string;
  @ApiProperty() startedAt: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty({ enum: ['running', 'ok', 'error', 'skipped', 'abandoned'] }) status: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'what the run did, by the job’s own names',
  })
  counts: Record<string, number>;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
}
