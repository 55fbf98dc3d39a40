import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  UseInterceptors,
} from '@nestjs/common';
import { AuditChangesInterceptor } from '../audit/audit-changes.interceptor';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../common/auth/auth.decorators';
import type { StaffPrincipal } from '../common/auth/principal';
import { UuidPipe } from '../common/http/uuid.pipe';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-keys.dto';
import { ApiKeysService, toApiKeyDto } from './api-keys.service';

@ApiTags('api-keys')
@ApiBearerAuth()
@Roles('admin')
@UseInterceptors(AuditChangesInterceptor)
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly service: ApiKeysService) {}

  @Post()
  create(
    @Body() dto: CreateApiKeyDto,
    @CurrentPrincipal() admin: StaffPrincipal,
  ): Promise<CreatedApiKeyDto> {
    return this.service.create(dto, admin.id);
  }

  @Get()
  async list(): Promise<{ items: ApiKeyDto[] }> {
    return { items: (await this.service.list()).map(toApiKeyDto) };
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@Param('id', UuidPipe) id: string): Promise<void> {
    return this.service.revoke(id);
  }
}
