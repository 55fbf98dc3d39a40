import { Body, Controller, Get, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { AuditChangesInterceptor } from '../audit/audit-changes.interceptor';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
  async create(@Body() dto: CreateUserDto): Promise<UserDto> {
    return toUserDto(await this.users.create(dto));
  }

  @Get()
  async list(@Query() q: ListQueryDto): Promise<Page<UserDto>> {
    const page = await this.users.list(q.limit, q.cursor);
    return { items: page.items.map(toUserDto), nextCursor: page.nextCursor };
  }

  @Patch(':id')
  async update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return toUserDto(await this.users.update(id, dto));
  }
}
