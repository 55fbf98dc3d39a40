import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { Organization } from './organization.entity';
import type { CreateOrganizationDto, UpdateOrganizationDto } from './organizations.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The directory of bodies appeals are forwarded to (issue 20, item 3); the admin keeps it. */
@Injectable()
export class OrganizationsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  list(): Promise<Organization[]> {
    return this.ds.getRepository(Organization).find({ order: { name: 'ASC', id: 'ASC' } });
  }

  async create(dto: CreateOrganizationDto): Promise<Organization> {
    const repo = this.ds.getRepository(Organization);
    return repo.save(repo.create(normalized(dto) as Partial<Organization>));
  }

  async update(id: string, dto: UpdateOrganizationDto): Promise<Organization> {
    return this.ds.transaction(async (em) => {
      const org = await this.find(em, id);
      if (!org) throw new AppError(ErrorCode.ORGANIZATION_NOT_FOUND);
      Object.assign(org, normalized(dto));
      return em.save(org);
    });
  }

  /** In the caller's transaction; null when there is none (an id that is not a UUID included). */
  find(em: EntityManager, id: string): Promise<Organization | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return em.findOne(Organization, { where: { id } });
  }
}

/** Blank strings are «none»; a GUID is kept in lower case, as ГИС ЖКХ compares them. */
function normalized(dto: UpdateOrganizationDto): UpdateOrganizationDto {
  const out: UpdateOrganizationDto = { ...dto };
  for (const k of ['postalAddress', 'email', 'region'] as const) {
    const v = out[k];
    if (typeof v === 'string') out[k] = v.trim() || null;
  }
  if (typeof out.name === 'string') out.name = out.name.trim();
  if (typeof out.gisOrgGuid === 'string') out.gisOrgGuid = out.gisOrgGuid.toLowerCase();
  return out;
}
