import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What became of a pushed message (PushedEmailAnswer). */
export class EmailIntakeAnswerDto {
  @ApiProperty({
    enum: ['created', 'appended', 'ignored'],
    description:
      'created: a new appeal; appended: a reply added to its appeal; ignored: not an appeal ' +
      '(a loop, an auto-reply, …)',
  })
  result: 'created' | 'appended' | 'ignored';
  @ApiPropertyOptional({ format: 'uuid' }) appealId?: string;
  @ApiPropertyOptional({ example: '2026-000123' }) regNumber?: string;
  @ApiProperty({ description: 'the message had been processed before: the first answer, again' })
  repeated: boolean;
}
