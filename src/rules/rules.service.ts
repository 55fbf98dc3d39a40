import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppealDraft } from '../appeals/appeal-draft';
import type { AppealStatus } from '../appeals/appeal.enums';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { pgOf, preparedQuery } from '../database/prepared-statements';
import { AbuseLists } from './abusive/abuse-lists';
import { AbusiveTermsService } from './abusive-terms.service';
import { rulesNeeding } from './rule-registry';
import type { IdentityMatch, RulesOutcome, SimilarAppeal } from './rule.types';
import { evaluateRules, type RuleVerdicts } from './rules.engine';

// Enough text to tell questions apart; bounds the cost of similarity() on 100 KB letters.
const COMPARED_CHARS = 4000;
const MAX_CANDIDATES = 50;
/** The rules that compare with the applicant's earlier appeals, and whether any reads the lists. */
const COMPARING = rulesNeeding('similarAppeals');
const USES_ABUSE_LISTS = rulesNeeding('abuseLists').length > 0;

interface CandidateRow {
  id: string;
  reg_number: string;
  status: AppealStatus;
  registered_at: Date;
  answered_at: Date | null;
  due_date: string | null;
  by_email: boolean | null;
  by_account: boolean | null;
  by_name: boolean | null;
  sim: number;
}

/** Runs every registered rejection rule on a draft (SPEC §4), loading what the rules need. */
@Injectable()
export class RulesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly abusiveTerms: AbusiveTermsService,
  ) {}

  async evaluate(draft: AppealDraft): Promise<RulesOutcome> {
    const { similarityThreshold } = this.config.rules;
    const verdicts: RuleVerdicts = this.config.rules.verdicts;
    // Similar appeals cost a query: not read when every rule that needs them is off. The lists
    // come from memory (at most one version read per second per instance): always read.
    const [similar, abuseLists] = await Promise.all([
      COMPARING.some((r) => verdicts[r.name] !== 'off') ? this.findSimilar(draft) : [],
      USES_ABUSE_LISTS ? this.abusiveTerms.current() : AbuseLists.EMPTY,
    ]);
    return evaluateRules({ draft, similar, similarityThreshold, abuseLists }, verdicts);
  }

  /**
   * Earlier appeals of the same applicant, found by identity through indexes first, and only
   * then compared by text: a trigram search over all bodies would take seconds (SPEC §15).
   */
  async findSimilar(draft: AppealDraft): Promise<SimilarAppeal[]> {
    const email = draft.applicantEmailNorm;
    const account = draft.accountNumberNorm;
    const name = draft.applicantNameNorm;
    const address = draft.serviceAddressNorm;
    if (!email && !account && !(name && address)) return [];
    if (!draft.text) return [];
    const since = new Date(
      this.clock.now().getTime() - this.config.rules.lookbackDays * 86_400_000,
    );
    // Prepared: planning this query cost five times its execution (issue 10).
    const rows = await preparedQuery<CandidateRow>(
      await pgOf(this.ds),
      `SELECT c.id, c.reg_number, c.status, c.registered_at, c.answered_at, c.due_date::text AS due_date,
              c.applicant_email_norm = $1 AS by_email,
              c.account_number_norm = $2 AS by_account,
              (c.applicant_name_norm = $3 AND c.service_address_norm = $4) AS by_name,
              similarity(translate(left(c.text, ${COMPARED_CHARS}), 'Ёё', 'Ее'), $5) AS sim
         FROM (
           SELECT a.* FROM appeals a
            WHERE (a.applicant_email_norm = $1 OR a.account_number_norm = $2
                   OR (a.applicant_name_norm = $3 AND a.service_address_norm = $4))
              AND a.registered_at >= $6
              AND a.status IN ('registered', 'under_review', 'assigned', 'in_progress', 'answer_review', 'answered')
            ORDER BY a.registered_at DESC
            LIMIT ${MAX_CANDIDATES}
         ) c`,
      [email, account, name, address, similarityText(draft.text), since],
    );
    return rows.map((r) => {
      const matchedBy: IdentityMatch[] = [];
      if (r.by_email) matchedBy.push('email');
      if (r.by_account) matchedBy.push('account');
      if (r.by_name) matchedBy.push('name_address');
      return {
        id: r.id,
        regNumber: r.reg_number,
        status: r.status,
        registeredAt: r.registered_at,
        answeredAt: r.answered_at,
        dueDate: r.due_date,
        similarity: Number(r.sim),
        matchedBy,
      };
    });
  }
}

const similarityText = (text: string): string =>
  text.slice(0, COMPARED_CHARS).replace(/[Ёё]/g, (c) => (c === 'ё' ? 'е' : 'Е'));
