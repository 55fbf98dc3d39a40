import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
  private lists = AbuseLists.EMPTY;
  private version: string | null = null;
  /** performance.now() of the last version check: a staleness bound, not business time. */
  private checkedAt = -Infinity;
  private refreshing: Promise<AbuseLists> | null = null;
  /** Bumped by this instance's own changes: a read begun before one must not be trusted. */
  private generation = 0;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The lists as of at most ABUSIVE_TERMS_REFRESH_MS ago; concurrent callers share one read. */
  current(): Promise<AbuseLists> {
    if (performance.now() - this.checkedAt < ABUSIVE_TERMS_REFRESH_MS) {
      return Promise.resolve(this.lists);
    }
    if (!this.refreshing) {
      const p = this.refresh().finally(() => {
        if (this.refreshing === p) this.refreshing = null;
      });
      this.refreshing = p;
    }
    return this.refreshing;
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
    this.invalidate();
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
    this.invalidate();
  }

  /** This instance sees its own change at once. */
  private invalidate(): void {
    this.generation++;
    this.checkedAt = -Infinity;
    this.refreshing = null;
  }

  private async refresh(): Promise<AbuseLists> {
    const generation = this.generation;
    const pg = await pgOf(this.ds);
    const [{ version }] = await preparedQuery<{ version: string }>(pg, VERSION_SQL);
    let lists = this.lists;
    let loaded = this.version;
    if (version !== loaded) {
      const rows = await preparedQuery<{
        version: string;
        term: string | null;
        list: AbuseListKind | null;
      }>(pg, LOAD_SQL);
      lists = new AbuseLists(
        rows.flatMap((r) => (r.term && r.list ? [{ term: r.term, list: r.list }] : [])),
      );
      loaded = rows[0]?.version ?? version;
    }
    // A change made here while this read was under way makes the read too old to keep.
    if (generation === this.generation) {
      this.lists = lists;
      this.version = loaded;
      this.checkedAt = performance.now();
    }
    return lists;
  }
}
