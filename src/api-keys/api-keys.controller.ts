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
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiItems, ApiProblems } from '../common/http/openapi';
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
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(
    @Body() dto: CreateApiKeyDto,
    @CurrentPrincipal() admin: StaffPrincipal,
  ): Promise<CreatedApiKeyDto> {
    return this.service.create(dto, admin.id);
  }

  @Get()
  @ApiItems(ApiKeyDto)
  async list(): Promise<{ items: ApiKeyDto[] }> {
    return { items: (await this.service.list()).map(toApiKeyDto) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'revoked (also when it already was)' })
  @ApiProblems(ErrorCode.API_KEY_NOT_FOUND)
  revoke(@Param('id', UuidPipe) id: string): Promise<void> {
    return this.service.revoke(id);
  }
}
