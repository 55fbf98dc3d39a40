import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AppealsService } from '../../appeals/appeals.service';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-codes';
import { normalizeApplicantName } from '../../common/normalize';
import { Clock } from '../../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { orgPlaceholderName, type RegistryApplicant } from './gis-appeal.mapper';
import { GisError } from './gis-error';
import { GisOrgRegistryClient } from './gis-org-registry.client';
import {
  MAX_ORG_CRITERIA,
  type GisOrgCriterion,
  type GisOrganization,
} from './gis-org-registry.messages';
import { GisOrganizationEntry } from './gis-organization.entity';
import type { GisAppeal } from './gis-types';
import type { Signer } from './gis-transport';
import { GIS_OUTGOING_SIGNER } from './gis-xsd-signer';
import { gisGatewayOptions } from './signing/gis-gateway';

/** Unresolved applicants are looked at again for this long after registration, then left to a person. */
export const PENDING_RESOLUTION_DAYS = 30;

// ---------------------------------------------------------------------------------------------
// Pure rules
// ---------------------------------------------------------------------------------------------

/** An entry is refreshed when it is `cacheDays` old or older (0: always asked again). */
export function isStale(fetchedAt: Date, now: Date, cacheDays: number): boolean {
  return now.getTime() - fetchedAt.getTime() >= cacheDays * 86_400_000;
}

/**
 * How an applicant is named on the appeal: the short name as people write it («ООО «Ромашка»»,
 * «ИП Фамилия И. О.»), else the full name.
 */
export function registryApplicantOf(
  e: Pick<GisOrganizationEntry, 'name' | 'shortName' | 'ogrn' | 'inn'>,
): RegistryApplicant {
  return { name: e.shortName ?? e.name, ogrn: e.ogrn, inn: e.inn };
}

export function entryOf(o: GisOrganization, fetchedAt: Date): GisOrganizationEntry {
  return {
    orgRootEntityGuid: o.orgRootEntityGuid.toLowerCase(),
    orgVersionGuid: o.orgVersionGuid.toLowerCase(),
    kind: o.kind,
    name: o.fullName,
    shortName: o.shortName ?? null,
    ogrn: o.ogrn ?? null,
    inn: o.inn ?? null,
    kpp: o.kpp ?? null,
    isActual: o.isActual,
    fetchedAt,
  };
}

/** orgRootEntityGUIDs (lower case) of the legal-entity applicants of these appeals. */
export function orgGuidsOf(appeals: readonly GisAppeal[]): string[] {
  // The applicant and the organisations among a collective appeal's co-applicants.
  const guids = appeals.flatMap((a) =>
    [a.applicant, ...a.neighbours].flatMap((x) =>
      x.kind === 'organization' ? [x.orgRootEntityGuid.toLowerCase()] : [],
    ),
  );
  return [...new Set(guids)];
}

/** Search criterion for an ОГРН (13 digits) or an ОГРНИП (15). */
export function criterionForOgrn(ogrn: string, kpp?: string): GisOrgCriterion {
  return ogrn.length === 15 ? { by: 'ogrnip', ogrnip: ogrn } : { by: 'ogrn', ogrn, kpp };
}

// ---------------------------------------------------------------------------------------------

/**
 * The ГИС ЖКХ organisations registry behind a cache (gis_organizations): names legal-entity
 * applicants of imported appeals and finds receivers' orgRootEntityGUIDs for the forwarding
 * directory.
 */
@Injectable()
export class GisOrgRegistryService {
  private readonly logger = new Logger(GisOrgRegistryService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly appeals: AppealsService,
    // Signed like every base:BaseType request, behind the same XSD check as the sync's.
    @Inject(GIS_OUTGOING_SIGNER) private readonly signer: Signer,
  ) {}

  /** Null when ГИС ЖКХ is not configured. */
  private client(): GisOrgRegistryClient | null {
    const { orgRegistryEndpoint, orgPPAGUID } = this.config.gis;
    if (!orgRegistryEndpoint || !orgPPAGUID) return null;
    return new GisOrgRegistryClient({
      endpoint: orgRegistryEndpoint,
      signer: this.signer,
      timeoutMs: this.config.gis.requestTimeoutMs,
      ...gisGatewayOptions(this.config.gis.gateway),
      defaultPoll: { backoffMs: this.config.gis.pollBackoffMs },
      logger: { debug: (m) => this.logger.debug(m), warn: (m) => this.logger.warn(m) },
    });
  }

  /** Cached entries of these GUIDs, whatever their age. */
  async cached(guids: readonly string[]): Promise<Map<string, GisOrganizationEntry>> {
    const wanted = [...new Set(guids.map((g) => g.toLowerCase()))];
    if (wanted.length === 0) return new Map();
    const rows = await this.ds
      .getRepository(GisOrganizationEntry)
      .findBy({ orgRootEntityGuid: In(wanted) });
    return new Map(rows.map((r) => [r.orgRootEntityGuid, r]));
  }

  /** The registry's names for an exported appeal's legal-entity applicant, from the cache. */
  async applicantsFor(appeal: GisAppeal): Promise<Map<string, RegistryApplicant>> {
    const cached = await this.cached(orgGuidsOf([appeal]));
    return new Map([...cached].map(([guid, e]) => [guid, registryApplicantOf(e)]));
  }

  /**
   * Entries for these orgRootEntityGUIDs: fresh ones from the cache, the others asked for in one
   * exportOrgRegistry per 100 (SearchCriteria maxOccurs). Never throws: when the registry fails,
   * stale entries are used (logged) and the rest are missing from the answer.
   */
  async resolve(guids: readonly string[]): Promise<Map<string, GisOrganizationEntry>> {
    const found = await this.cached(guids);
    const now = this.clock.now();
    const wanted = [...new Set(guids.map((g) => g.toLowerCase()))].filter((g) => {
      const e = found.get(g);
      return !e || isStale(e.fetchedAt, now, this.config.gis.orgCacheDays);
    });
    const client = wanted.length > 0 ? this.client() : null;
    if (!client) return found;
    for (let i = 0; i < wanted.length; i += MAX_ORG_CRITERIA) {
      const batch = wanted.slice(i, i + MAX_ORG_CRITERIA);
      try {
        const { organizations } = await client.exportOrgRegistry(
          batch.map((guid) => ({ by: 'orgRootEntityGuid', guid })),
        );
        for (const e of await this.store(organizations)) found.set(e.orgRootEntityGuid, e);
      } catch (e) {
        const stale = batch.filter((g) => found.has(g)).length;
        this.logger.warn(
          { requested: batch.length, stale, err: e instanceof GisError ? e.code : String(e) },
          'ГИС ЖКХ organisations registry not reached: stale entries used, the rest left for later',
        );
      }
    }
    return found;
  }

  /**
   * Registry matches for an ОГРН/ОГРНИП (with a КПП: that branch only), stored in the cache.
   * ГИС ЖКХ searches by registration numbers only: the XSD has no criterion for ИНН.
   */
  async lookup(q: { ogrn: string; kpp?: string }): Promise<GisOrganizationEntry[]> {
    const client = this.client();
    if (!client) {
      throw new AppError(ErrorCode.GIS_ZHKH_UNAVAILABLE, 'Интеграция с ГИС ЖКХ не настроена');
    }
    let organizations: GisOrganization[];
    try {
      ({ organizations } = await client.exportOrgRegistry([criterionForOgrn(q.ogrn, q.kpp)]));
    } catch (e) {
      this.logger.warn(
        { err: e instanceof GisError ? e.code : String(e) },
        'ГИС ЖКХ organisations registry lookup failed',
      );
      throw new AppError(
        ErrorCode.GIS_ZHKH_UNAVAILABLE,
        'Реестр организаций ГИС ЖКХ не ответил, повторите позже',
      );
    }
    const entries = await this.store(organizations);
    if (entries.length === 0) {
      throw new AppError(
        ErrorCode.GIS_ORGANIZATION_NOT_FOUND,
        `В реестре организаций ГИС ЖКХ нет организации с ОГРН ${q.ogrn}`,
      );
    }
    // The actual version first: that is the one to forward to.
    return entries.sort((a, b) => Number(b.isActual) - Number(a.isActual));
  }

  /**
   * A run step of the sync: appeals registered with a placeholder name (the registry was not
   * reached then) get the registry's name, ОГРН and ИНН, with an `applicant_resolved` event.
   * Only placeholders still as the import left them (a person's correction wins) and only for
   * PENDING_RESOLUTION_DAYS; at most 100 per run.
   */
  async resolvePendingApplicants(now: Date): Promise<{ applicantsResolved: number }> {
    const since = new Date(now.getTime() - PENDING_RESOLUTION_DAYS * 86_400_000);
    const pending = await this.ds.query<{ id: string; guid: string }[]>(
      `SELECT id, external_refs->>'applicantOrgGuid' AS guid
         FROM appeals
        WHERE channel = 'gis_zhkh' AND external_refs ? 'applicantOrgGuid'
          AND applicant_type = 'legal_entity'
          AND applicant_organization_name = 'Организация ГИС ЖКХ ' || (external_refs->>'applicantOrgGuid')
          AND registered_at >= $1
        ORDER BY registered_at DESC
        LIMIT $2`,
      [since, MAX_ORG_CRITERIA],
    );
    if (pending.length === 0) return { applicantsResolved: 0 };
    const entries = await this.resolve(pending.map((p) => p.guid));
    let resolved = 0;
    for (const p of pending) {
      const entry = entries.get(p.guid.toLowerCase());
      if (entry && (await this.fillApplicant(p.id, p.guid, entry))) resolved += 1;
    }
    this.logger.log({ pending: pending.length, resolved }, 'ГИС ЖКХ applicants resolved');
    return { applicantsResolved: resolved };
  }

  /** One appeal's placeholder replaced, if it is still one, in one transaction with its event. */
  private async fillApplicant(
    appealId: string,
    guid: string,
    entry: GisOrganizationEntry,
  ): Promise<boolean> {
    const applicant = registryApplicantOf(entry);
    return this.ds.transaction(async (em) => {
      const updated = await em.query<[unknown[], number]>(
        `UPDATE appeals
            SET applicant_organization_name = $3, applicant_ogrn = coalesce($4, applicant_ogrn),
                applicant_inn = coalesce(applicant_inn, $5), applicant_name_norm = $6,
                version = version + 1, updated_at = now()
          WHERE id = $1 AND applicant_organization_name = $2`,
        [
          appealId,
          orgPlaceholderName(guid),
          applicant.name,
          applicant.ogrn && /^(\d{13}|\d{15})$/.test(applicant.ogrn) ? applicant.ogrn : null,
          applicant.inn && /^(\d{10}|\d{12})$/.test(applicant.inn) ? applicant.inn : null,
          normalizeApplicantName({
            type: 'legal_entity',
            lastName: null,
            firstName: null,
            middleName: null,
            organizationName: applicant.name,
          }),
        ],
      );
      if (updated[1] === 0) return false;
      await this.appeals.addEvent(em, appealId, null, {
        type: 'applicant_resolved',
        at: this.clock.now(),
        reason: 'Наименование заявителя получено из реестра организаций ГИС ЖКХ',
        data: { orgRootEntityGuid: entry.orgRootEntityGuid, orgVersionGuid: entry.orgVersionGuid },
      });
      return true;
    });
  }

  /** Upserts registry answers into the cache; returns them as entries. */
  private async store(organizations: readonly GisOrganization[]): Promise<GisOrganizationEntry[]> {
    const now = this.clock.now();
    // One GUID may come back in several versions: keep the actual one.
    const byGuid = new Map<string, GisOrganization>();
    for (const o of organizations) {
      const key = o.orgRootEntityGuid.toLowerCase();
      const prior = byGuid.get(key);
      if (!prior || (!prior.isActual && o.isActual)) byGuid.set(key, o);
    }
    const entries = [...byGuid.values()].map((o) => entryOf(o, now));
    if (entries.length > 0) {
      await this.ds.getRepository(GisOrganizationEntry).upsert(entries, ['orgRootEntityGuid']);
    }
    return entries;
  }
}
