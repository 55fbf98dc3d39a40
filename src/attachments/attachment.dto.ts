import { ApiProperty } from '@nestjs/swagger';

/** What the API shows of a stored file (AttachmentMeta); the bytes come from its download. */
export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'scan.pdf', description: 'the name as sent, made safe' })
  fileName: string;
  @ApiProperty({ example: 'application/pdf', description: 'detected from the content' })
  contentType: string;
  @ApiProperty({ description: 'bytes' }) size: number;
  @ApiProperty({ description: 'hex SHA-256 of the content' }) sha256: string;
  @ApiProperty() createdAt: string;
}
