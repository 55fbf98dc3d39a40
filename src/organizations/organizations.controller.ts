import { Body, Controller, Get, Param, Patch, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditChangesInterceptor } from '../audit/audit-changes.interceptor';
import { Roles } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiItems, ApiProblems } from '../common/http/openapi';
import { UuidPipe } from '../common/http/uuid.pipe';
import {
  CreateOrganizationDto,
  OrganizationDto,
  toOrganizationDto,
  UpdateOrganizationDto,
} from './organizations.dto';
import { OrganizationsService } from './organizations.service';

/**
 * The directory of receiving bodies (issue 20, item 3): the admin keeps it; those who forward
 * (heads, supervisors) read it to pick one.
 */
@ApiTags('organizations')
@ApiBearerAuth()
@UseInterceptors(AuditChangesInterceptor)
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly service: OrganizationsService) {}

  @Get()
  @Roles('admin', 'supervisor', 'head')
  @ApiItems(OrganizationDto)
  async list(): Promise<{ items: OrganizationDto[] }> {
    return { items: (await this.service.list()).map(toOrganizationDto) };
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: OrganizationDto })
  async create(@Body() dto: CreateOrganizationDto): Promise<OrganizationDto> {
    return toOrganizationDto(await this.service.create(dto));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: OrganizationDto })
  @ApiProblems(ErrorCode.ORGANIZATION_NOT_FOUND)
  async update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateOrganizationDto,
  ): Promise<OrganizationDto> {
    return toOrganizationDto(await this.service.update(id, dto));
  }
}
