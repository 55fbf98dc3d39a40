import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

const CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const CODE_MESSAGE = 'Код: строчные латинские буквы, цифры, _ и -, до 64 символов';

export class CreateDepartmentDto {
  @ApiProperty({ example: 'billing' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: 'Абонентский отдел' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;
}

export class DepartmentDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class CreateTopicDto {
  @ApiProperty({ example: 'water_quality' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: 'Качество холодной воды' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  departmentId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'a term of its own, overriding the kind' })
  @IsOptional()
  @IsUUID()
  slaPolicyId?: string;
}

export class TopicDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() departmentId: string;
  @ApiProperty({ nullable: true, type: String }) slaPolicyId: string | null;
}
