import { ApiProperty } from '@nestjs/swagger';

export class MessengerWebhookAnswerDto {
  @ApiProperty({ description: 'updates handled by this request' }) processed: number;
  @ApiProperty({ description: 'updates that had been handled before (delivered again)' })
  repeated: number;
}
