import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ROLES, type Role } from '../common/auth/roles';
import type { User } from './user.entity';

export class CreateUserDto {
  @ApiProperty({ example: 'ivanova' })
  @IsString()
  @Matches(/^[a-zA-Z0-9._-]{3,64}$/, { message: 'Логин: 3–64 латинских буквы, цифры, . _ -' })
  login: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10, { message: 'Пароль должен быть не короче 10 символов' })
  @MaxLength(200)
  password: string;

  @ApiProperty({ example: 'Иванова Мария Петровна' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  fullName: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  available?: boolean;

  @ApiPropertyOptional({
    example: 'Начальник абонентского отдела',
    nullable: true,
    description: 'Должность: печатается под подписью ответа; null — очистить',
  })
  @ValidateIf((o: { position?: unknown }) => o.position !== null)
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  position?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'GUID сотрудника в ГИС ЖКХ (AnswererGUID); null — снять сопоставление',
  })
  @ValidateIf((o: { gisAnswererGuid?: unknown }) => o.gisAnswererGuid !== null)
  @IsOptional()
  @IsUUID()
  gisAnswererGuid?: string | null;
}

export class UpdateUserDto extends PartialType(CreateUserDto) {
  @ApiPropertyOptional({ description: 'false deactivates the account' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() login: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ nullable: true, type: String }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) position: string | null;
  @ApiProperty() available: boolean;
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) gisAnswererGuid: string | null;
}

export const toUserDto = (u: User): UserDto => ({
  id: u.id,
  login: u.login,
  fullName: u.fullName,
  email: u.email,
  roles: u.roles,
  departmentId: u.departmentId,
  position: u.position ?? null,
  available: u.available,
  active: u.active,
  gisAnswererGuid: u.gisAnswererGuid ?? null,
});
