import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { Repository } from 'typeorm';
import { isUniqueViolationError } from '../database/pg-errors';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { Page, decodeCursor, encodeCursor } from '../common/http/pagination';
import { DepartmentsService } from '../departments/departments.service';
import type { CreateUserDto, UpdateUserDto } from './users.dto';
import { User } from './user.entity';

// Verified against when the login is unknown, so both paths cost the same (no user enumeration).
const DUMMY_HASH =
  '$argon2id$v=19$m=65536,t=3,p=4$+WesxWKtVCBXM5wjUJFskg$VC81BJi7qOUnDsubS2b1gi2HDtkyLGhXSBpsboaOqhg';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly repo: Repository<User>,
    private readonly departments: DepartmentsService,
  ) {}

  async create(dto: CreateUserDto): Promise<User> {
    if (dto.departmentId) await this.departments.get(dto.departmentId);
    const user = this.repo.create({
      login: dto.login.toLowerCase(),
      passwordHash: await argon2.hash(dto.password),
      fullName: dto.fullName,
      email: dto.email?.toLowerCase() ?? null,
      roles: dto.roles,
      departmentId: dto.departmentId ?? null,
      available: dto.available ?? true,
      gisAnswererGuid: dto.gisAnswererGuid ?? null,
      position: dto.position?.trim() || null,
    });
    try {
      return await this.repo.save(user);
    } catch (e) {
      if (isUniqueViolationError(e))
        throw new AppError(ErrorCode.LOGIN_TAKEN, `Логин «${dto.login}» уже занят`);
      throw e;
    }
  }

  async update(id: string, dto: UpdateUserDto): Promise<User> {
    const user = await this.get(id);
    if (dto.departmentId) await this.departments.get(dto.departmentId);
    if (dto.login !== undefined) user.login = dto.login.toLowerCase();
    if (dto.password !== undefined) user.passwordHash = await argon2.hash(dto.password);
    if (dto.fullName !== undefined) user.fullName = dto.fullName;
    if (dto.email !== undefined) user.email = dto.email.toLowerCase();
    if (dto.roles !== undefined) user.roles = dto.roles;
    if (dto.departmentId !== undefined) user.departmentId = dto.departmentId;
    if (dto.available !== undefined) user.available = dto.available;
    if (dto.active !== undefined) user.active = dto.active;
    if (dto.gisAnswererGuid !== undefined) user.gisAnswererGuid = dto.gisAnswererGuid;
    if (dto.position !== undefined) user.position = dto.position?.trim() || null;
    try {
      return await this.repo.save(user);
    } catch (e) {
      if (isUniqueViolationError(e)) throw new AppError(ErrorCode.LOGIN_TAKEN);
      throw e;
    }
  }

  async list(limit: number, cursor: string | undefined): Promise<Page<User>> {
    const after = cursor ? decodeCursor(cursor, ['login']) : undefined;
    const qb = this.repo
      .createQueryBuilder('u')
      .orderBy('u.login', 'ASC')
      .limit(limit + 1);
    if (after) qb.where('u.login > :login', { login: after.login });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor({ login: last.login }) : null,
    };
  }

  async get(id: string): Promise<User> {
    const user = await this.repo.findOneBy({ id });
    if (!user) throw new AppError(ErrorCode.USER_NOT_FOUND);
    return user;
  }

  findActive(id: string): Promise<User | null> {
    return this.repo.findOneBy({ id, active: true });
  }

  async verifyCredentials(login: string, password: string): Promise<User | null> {
    const user = await this.repo.findOneBy({ login: login.toLowerCase(), active: true });
    const ok = await argon2.verify(user?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
    return user && ok ? user : null;
  }
}
