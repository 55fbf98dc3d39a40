import { Body, Controller, Get, Param, Patch, Post, UseInterceptors } from '@nestjs/common';
import { AuditChangesInterceptor } from '../audit/audit-changes.interceptor';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiItems, ApiProblems } from '../common/http/openapi';
import { Roles } from '../common/auth/auth.decorators';
import {
  CreateDepartmentDto,
  CreateTopicDto,
  DepartmentDto,
  TopicDto,
  UpdateDepartmentDto,
  UpdateTopicDto,
} from './departments.dto';
import { UuidPipe } from '../common/http/uuid.pipe';
import { DepartmentsService } from './departments.service';
import type { Department } from './department.entity';
import type { Topic } from './topic.entity';

const toDepartmentDto = (d: Department): DepartmentDto => ({
  id: d.id,
  code: d.code,
  name: d.name,
  answerApproval: d.answerApproval,
});
const toTopicDto = (t: Topic): TopicDto => ({
  id: t.id,
  code: t.code,
  name: t.name,
  departmentId: t.departmentId,
  slaPolicyId: t.slaPolicyId,
  attributes: t.attributes ?? [],
});

@ApiTags('departments')
@ApiBearerAuth()
@UseInterceptors(AuditChangesInterceptor)
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly service: DepartmentsService) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: DepartmentDto })
  @ApiProblems(ErrorCode.DEPARTMENT_CODE_TAKEN)
  async create(@Body() dto: CreateDepartmentDto): Promise<DepartmentDto> {
    return toDepartmentDto(await this.service.create(dto));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: DepartmentDto })
  @ApiProblems(ErrorCode.DEPARTMENT_NOT_FOUND)
  async update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateDepartmentDto,
  ): Promise<DepartmentDto> {
    return toDepartmentDto(await this.service.update(id, dto));
  }

  @Get()
  @ApiItems(DepartmentDto)
  async list(): Promise<{ items: DepartmentDto[] }> {
    return { items: (await this.service.list()).map(toDepartmentDto) };
  }
}

@ApiTags('topics')
@ApiBearerAuth()
@UseInterceptors(AuditChangesInterceptor)
@Controller('topics')
export class TopicsController {
  constructor(private readonly service: DepartmentsService) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: TopicDto })
  @ApiProblems(
    ErrorCode.TOPIC_CODE_TAKEN,
    ErrorCode.DEPARTMENT_NOT_FOUND,
    ErrorCode.SLA_POLICY_NOT_FOUND,
  )
  async create(@Body() dto: CreateTopicDto): Promise<TopicDto> {
    return toTopicDto(await this.service.createTopic(dto));
  }

  @Patch(':code')
  @Roles('admin')
  @ApiOkResponse({ type: TopicDto })
  @ApiProblems(ErrorCode.TOPIC_NOT_FOUND, ErrorCode.DEPARTMENT_NOT_FOUND)
  async update(@Param('code') code: string, @Body() dto: UpdateTopicDto): Promise<TopicDto> {
    return toTopicDto(await this.service.updateTopic(code, dto));
  }

  @Get()
  @ApiItems(TopicDto)
  async list(): Promise<{ items: TopicDto[] }> {
    return { items: (await this.service.listTopics()).map(toTopicDto) };
  }
}
