import { Body, Controller, Get, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { AuditChangesInterceptor } from '../audit/audit-changes.interceptor';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiItems, ApiProblems } from '../common/http/openapi';
import { Roles } from '../common/auth/auth.decorators';
import { ListQueryDto, type Page } from '../common/http/pagination';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CreateUserDto, UpdateUserDto, UserDto, toUserDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@UseInterceptors(AuditChangesInterceptor)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblems(ErrorCode.LOGIN_TAKEN, ErrorCode.DEPARTMENT_NOT_FOUND)
  async create(@Body() dto: CreateUserDto): Promise<UserDto> {
    return toUserDto(await this.users.create(dto));
  }

  @Get()
  @ApiItems(UserDto, { paged: true })
  async list(@Query() q: ListQueryDto): Promise<Page<UserDto>> {
    const page = await this.users.list(q.limit, q.cursor);
    return { items: page.items.map(toUserDto), nextCursor: page.nextCursor };
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(ErrorCode.USER_NOT_FOUND, ErrorCode.LOGIN_TAKEN, ErrorCode.DEPARTMENT_NOT_FOUND)
  async update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return toUserDto(await this.users.update(id, dto));
  }
}
