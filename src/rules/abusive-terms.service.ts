import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { VersionedCache } from '../common/versioned-cache';
import { AuditService } from '../audit/audit.service';
import { actorOf } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { RequestContext } from '../common/http/request-context';
import { pgOf, pgQuery, preparedQuery } from '../database/prepared-statements';
import { AbuseLists, normalizeTerm, type AbuseListKind } from './abusive/abuse-lists';
import { AbusiveTerm } from './abusive-term.entity';
import type { CreateAbusiveTermDto } from './abusive-terms.dto';

/**
 * How long an instance trusts its copy of the lists before it reads the version row again. A
 * change made on one instance is seen by every other within this time (plus one query); the
 * instance that made it sees it at once. At most one version read per second per instance,
 * never one per registration.
 */
export const ABUSIVE_TERMS_REFRESH_MS = 1000;

const VERSION_SQL = 'SELECT version::text AS version FROM abusive_terms_version';
// One statement, one snapshot: the terms and the version they belong to.
const LOAD_SQL = `SELECT v.version::text AS version, t.term, t.list
    FROM abusive_terms_version v LEFT JOIN abusive_terms t ON true`;
const BUMP_SQL = 'UPDATE abusive_terms_version SET version = version + 1';

interface TermRow {
  id: string;
  term: string;
  normalized_term: string;
  list: AbuseListKind;
  created_by_id: string | null;
  created_at: Date;
}

const toEntity = (r: TermRow): AbusiveTerm =>
  Object.assign(new AbusiveTerm(), {
    id: r.id,
    term: r.term,
    normalizedTerm: r.normalized_term,
    list: r.list,
    createdById: r.created_by_id,
    createdAt: r.created_at,
  });

/**
 * The administrators' allow and deny lists of the `abusive` rule (59-ФЗ ст. 11 ч. 3), kept in
 * PostgreSQL so that every instance applies the same ones, and cached per instance
 * (docs/rules.md, "Administrators' lists"). Every change is written to the audit log in its
 * transaction.
 */
@Injectable()
export class AbusiveTermsService {
  private readonly cache: VersionedCache<AbuseLists>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {
    this.cache = new VersionedCache(
      ABUSIVE_TERMS_REFRESH_MS,
      async () =>
        (await preparedQuery<{ version: string }>(await pgOf(this.ds), VERSION_SQL))[0].version,
      async () => {
        const rows = await preparedQuery<{
          version: string;
          term: string | null;
          list: AbuseListKind | null;
        }>(await pgOf(this.ds), LOAD_SQL);
        return {
          value: new AbuseLists(
            rows.flatMap((r) => (r.term && r.list ? [{ term: r.term, list: r.list }] : [])),
          ),
          version: rows[0].version,
        };
      },
    );
  }

  /** The lists as of at most ABUSIVE_TERMS_REFRESH_MS ago; concurrent callers share one read. */
  current(): Promise<AbuseLists> {
    return this.cache.current();
  }

  async list(kind?: AbuseListKind): Promise<AbusiveTerm[]> {
    return this.ds.getRepository(AbusiveTerm).find({
      where: kind ? { list: kind } : {},
      order: { list: 'ASC', normalizedTerm: 'ASC' },
    });
  }

  async add(dto: CreateAbusiveTermDto, ctx: RequestContext): Promise<AbusiveTerm> {
    const normalizedTerm = normalizeTerm(dto.term);
    const term = await this.ds.transaction(async (em) => {
      const rows = await pgQuery<TermRow>(await pgOf(em), {
        text: `INSERT INTO abusive_terms (term, normalized_term, list, created_by_id)
               VALUES ($1, $2, $3, $4)
               ON CONFLICT (normalized_term) DO NOTHING
               RETURNING id, term, normalized_term, list, created_by_id, created_at`,
        values: [dto.term.trim(), normalizedTerm, dto.list, actorOf(ctx.principal).actorUserId],
      });
      if (rows.length === 0) {
        const [other] = await em.getRepository(AbusiveTerm).findBy({ normalizedTerm });
        throw new AppError(
          ErrorCode.ABUSIVE_TERM_EXISTS,
          other
            ? `Слово «${other.term}» уже есть в списке ${other.list === 'allow' ? 'разрешённых' : 'запрещённых'}`
            : undefined,
        );
      }
      await em.query(BUMP_SQL);
      await this.audit.record(
        ctx,
        'abusive_term.create',
        'abusive_term',
        rows[0].id,
        { list: dto.list, term: normalizedTerm },
        em,
      );
      return toEntity(rows[0]);
    });
    this.cache.invalidate();
    return term;
  }

  async remove(id: string, ctx: RequestContext): Promise<void> {
    await this.ds.transaction(async (em) => {
      const [row] = await pgQuery<TermRow>(await pgOf(em), {
        text: 'DELETE FROM abusive_terms WHERE id = $1 RETURNING list, normalized_term',
        values: [id],
      });
      if (!row) throw new AppError(ErrorCode.ABUSIVE_TERM_NOT_FOUND);
      await em.query(BUMP_SQL);
      await this.audit.record(
        ctx,
        'abusive_term.delete',
        'abusive_term',
        id,
        { list: row.list, term: row.normalized_term },
        em,
      );
    });
    this.cache.invalidate();
  }
}
