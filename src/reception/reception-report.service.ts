import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable, type Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { compareDates } from '../common/time/local-date';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { writeCsv, writeXlsx, type Column } from '../reports/report-writers';
import type {
  ReceptionJournalRowDto,
  ReceptionOfficialTotalDto,
  ReceptionReportDto,
  ReceptionReportQueryDto,
} from './reception.dto';

const OUTCOME_LABELS: Record<string, string> = {
  answered_orally: 'Дан устный ответ',
  written_answer: 'Нужен письменный ответ',
  no_show: 'Неявка',
};
const STATUS_LABELS: Record<string, string> = {
  booked: 'Записан',
  cancelled: 'Отменена',
  completed: 'Приём проведён',
};

/** The reception journal's columns (CSV and XLSX), in the organisation's local time. */
const columns = (timeZone: string): Column<ReceptionJournalRowDto>[] => [
  { title: 'Номер записи', value: (r) => r.number },
  {
    title: 'Дата и время приёма',
    width: 20,
    value: (r) =>
      new Date(r.startsAt).toLocaleString('ru-RU', {
        timeZone,
        dateStyle: 'short',
        timeStyle: 'short',
      }),
  },
  { title: 'Должностное лицо', width: 30, value: (r) => `${r.officialTitle} ${r.officialName}` },
  { title: 'Заявитель', width: 30, value: (r) => r.applicantName },
  { title: 'Тематика', value: (r) => r.topicCode },
  { title: 'Состояние', value: (r) => STATUS_LABELS[r.status] ?? r.status },
  { title: 'Результат', width: 24, value: (r) => (r.outcome ? OUTCOME_LABELS[r.outcome] : '') },
  { title: 'Рег. № обращения', value: (r) => r.appealRegNumber },
];

interface Row {
  number: string;
  starts_at: Date;
  official_id: string;
  official_name: string;
  title: string;
  applicant: {
    type: string;
    lastName?: string | null;
    firstName?: string | null;
    middleName?: string | null;
    organizationName?: string | null;
  };
  topic_code: string;
  status: ReceptionJournalRowDto['status'];
  outcome: ReceptionJournalRowDto['outcome'];
  reg_number: string | null;
}

/** GET /reports/reception: bookings by official and period, outcomes, no-shows (issue 22). */
@Injectable()
export class ReceptionReportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async journal(q: ReceptionReportQueryDto): Promise<ReceptionReportDto> {
    const items = await this.rows(q);
    const totals = new Map<string, ReceptionOfficialTotalDto>();
    for (const r of items) {
      const t = totals.get(r.officialId) ?? {
        officialId: r.officialId,
        officialName: r.officialName,
        booked: 0,
        cancelled: 0,
        answeredOrally: 0,
        writtenAnswer: 0,
        noShow: 0,
      };
      t.booked += 1;
      if (r.status === 'cancelled') t.cancelled += 1;
      if (r.outcome === 'answered_orally') t.answeredOrally += 1;
      if (r.outcome === 'written_answer') t.writtenAnswer += 1;
      if (r.outcome === 'no_show') t.noShow += 1;
      totals.set(r.officialId, t);
    }
    return { items, totals: [...totals.values()] };
  }

  async export(q: ReceptionReportQueryDto, format: 'csv' | 'xlsx', out: Writable): Promise<number> {
    const rows = await this.rows(q);
    const cols = columns(this.config.timeZone);
    return format === 'csv'
      ? writeCsv(Readable.from(rows), cols, out)
      : writeXlsx(Readable.from(rows), cols, 'Журнал личного приёма', out);
  }

  private async rows(q: ReceptionReportQueryDto): Promise<ReceptionJournalRowDto[]> {
    if (compareDates(q.from, q.to) > 0) {
      throw AppError.validation([
        { field: 'to', code: 'BEFORE_FROM', message: 'Окончание не может быть раньше начала' },
      ]);
    }
    const rows = await this.ds.query<Row[]>(
      `SELECT b.number, b.starts_at, s.official_id, u.full_name AS official_name, s.title,
              b.applicant, b.topic_code, b.status, b.outcome, a.reg_number
         FROM reception_bookings b
         JOIN reception_schedules s ON s.id = b.schedule_id
         JOIN users u ON u.id = s.official_id
         LEFT JOIN appeals a ON a.id = b.appeal_id
        WHERE (b.starts_at AT TIME ZONE $1)::date BETWEEN $2 AND $3
          AND ($4::uuid IS NULL OR s.official_id = $4)
        ORDER BY b.starts_at, b.number`,
      [this.config.timeZone, q.from, q.to, q.officialId ?? null],
    );
    return rows.map((r) => ({
      number: r.number,
      startsAt: new Date(r.starts_at).toISOString(),
      officialId: r.official_id,
      officialName: r.official_name,
      officialTitle: r.title,
      applicantName:
        r.applicant.type === 'legal_entity'
          ? (r.applicant.organizationName ?? '')
          : [r.applicant.lastName, r.applicant.firstName, r.applicant.middleName]
              .filter(Boolean)
              .join(' '),
      topicCode: r.topic_code,
      status: r.status,
      outcome: r.outcome,
      appealRegNumber: r.reg_number,
    }));
  }
}
