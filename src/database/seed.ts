import * as argon2 from 'argon2';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { generatePassword, type AppConfig } from '../config/app-config';
import { Department } from '../departments/department.entity';
import { Topic } from '../departments/topic.entity';
import type { TopicAttribute } from '../departments/topic-attributes';
import { CalendarYear } from '../sla/calendar-day.entity';
import {
  BUNDLED_CALENDAR_DIR,
  replaceCalendarYear,
  seededYearChange,
  type CalendarService,
} from '../sla/calendar.service';
import { SlaPolicy, type AppealKind } from '../sla/sla-policy.entity';
import { parseXmlCalendar } from '../sla/xmlcalendar.parser';
import { User } from '../users/user.entity';
import { LockId } from './lock-ids';

export interface SeedResult {
  /** Set only when the admin was created now with a generated password: print it once. */
  generatedAdminPassword: string | null;
  adminCreated: boolean;
  calendarYears: number[];
}

type PolicySeed = Pick<
  SlaPolicy,
  'name' | 'termDays' | 'unit' | 'maxExtensionDays' | 'nonWorkingDayPolicy'
>;

/** Default policies per kind (SPEC §6); admins change them later. */
const KIND_POLICIES: Record<AppealKind, PolicySeed> = {
  // 59-ФЗ ст. 12 ч. 1–2: 30 days, extension up to 30.
  complaint: {
    name: 'Жалоба (59-ФЗ)',
    termDays: 30,
    unit: 'calendar',
    maxExtensionDays: 30,
    nonWorkingDayPolicy: 'backward',
  },
  statement: {
    name: 'Заявление (59-ФЗ)',
    termDays: 30,
    unit: 'calendar',
    maxExtensionDays: 30,
    nonWorkingDayPolicy: 'backward',
  },
  proposal: {
    name: 'Предложение (59-ФЗ)',
    termDays: 30,
    unit: 'calendar',
    maxExtensionDays: 30,
    nonWorkingDayPolicy: 'backward',
  },
  // ЗоЗПП ст. 31: 10 days, no extension.
  claim: {
    name: 'Претензия (ЗоЗПП ст. 31)',
    termDays: 10,
    unit: 'calendar',
    maxExtensionDays: 0,
    nonWorkingDayPolicy: 'backward',
  },
  // ПП 416 п. 34: 10 working days.
  request: {
    name: 'Запрос собственника (ПП 416)',
    termDays: 10,
    unit: 'working',
    maxExtensionDays: 0,
    nonWorkingDayPolicy: 'backward',
  },
  // ПП 354 п. 31 пп. «к»: a consumer's complaint about the service is answered within 3 working
  // days; the inspection itself runs on its own clock in hours (п. 108, src/quality/).
  quality_report: {
    name: 'Сообщение о нарушении качества (ПП 354)',
    termDays: 3,
    unit: 'working',
    maxExtensionDays: 0,
    nonWorkingDayPolicy: 'backward',
  },
};

const DEPARTMENTS = [
  { code: 'general', name: 'Общий отдел' },
  { code: 'billing', name: 'Абонентский отдел (начисления и расчёты)' },
  { code: 'technical', name: 'Технический отдел' },
  { code: 'legal', name: 'Юридический отдел' },
];

const TOPICS: {
  code: string;
  name: string;
  department: string;
  policy?: PolicySeed;
  /** Issue 22: the website's form asks for these (docs/topics.md). */
  attributes?: TopicAttribute[];
}[] = [
  { code: 'billing', name: 'Начисления и оплата', department: 'billing' },
  { code: 'recalculation', name: 'Перерасчёт платы', department: 'billing' },
  { code: 'contract', name: 'Договор и лицевой счёт', department: 'billing' },
  { code: 'meters', name: 'Приборы учёта', department: 'technical' },
  {
    code: 'service_quality',
    name: 'Качество коммунальной услуги',
    department: 'technical',
    // ПП 354: quality complaints are answered within 3 working days.
    policy: {
      name: 'Качество услуги (ПП 354)',
      termDays: 3,
      unit: 'working',
      maxExtensionDays: 0,
      nonWorkingDayPolicy: 'backward',
    },
  },
  { code: 'outage', name: 'Перерыв в предоставлении услуги', department: 'technical' },
  { code: 'claims', name: 'Претензии и возмещение ущерба', department: 'legal' },
  { code: 'other', name: 'Прочее', department: 'general' },
  // Issue 22: two typed web forms, as a utility's website has them.
  {
    code: 'bill_not_received',
    name: 'Не получил платёжный документ',
    department: 'billing',
    attributes: [
      {
        code: 'period',
        label: 'За какой период (месяц и год)',
        type: 'string',
        required: true,
        help: 'Например: март 2026',
      },
      {
        code: 'delivery_address',
        label: 'Адрес доставки платёжного документа',
        type: 'string',
        required: false,
        help: 'Если отличается от адреса помещения',
      },
    ],
  },
  {
    code: 'account_change',
    name: 'Изменение сведений лицевого счёта',
    department: 'billing',
    attributes: [
      {
        code: 'what_changed',
        label: 'Что изменилось',
        type: 'enum',
        required: true,
        options: [
          { value: 'moved_out', label: 'Выписка (снятие с регистрационного учёта)' },
          { value: 'sold', label: 'Продажа помещения' },
          { value: 'bought', label: 'Покупка помещения' },
          { value: 'opened', label: 'Открытие лицевого счёта' },
          { value: 'closed', label: 'Закрытие лицевого счёта' },
          { value: 'new_name', label: 'Смена фамилии, имени или наименования' },
          { value: 'owners_count', label: 'Изменение числа собственников' },
        ],
      },
      { code: 'since', label: 'С какой даты', type: 'date', required: true },
      {
        code: 'residents',
        label: 'Количество проживающих',
        type: 'number',
        required: false,
        help: 'Для начислений по нормативу (ПП 354)',
      },
    ],
  },
];

/**
 * First-start data (SPEC §14): admin, departments, topics, SLA policies and the bundled calendar.
 * Idempotent and run under an advisory lock, so any number of instances may start at once.
 * Departments and topics are created only into an empty table: what admins removed stays removed.
 */
export async function seedDefaults(
  ds: DataSource,
  config: AppConfig,
  now: Date,
  /** The application's calendar: a year seeded now recomputes the deadlines it moves (issue 19). */
  calendars?: CalendarService,
): Promise<SeedResult> {
  return ds.transaction(async (em) => {
    await em.query('SELECT pg_advisory_xact_lock($1)', [LockId.bootstrap]);
    for (const [kind, p] of Object.entries(KIND_POLICIES)) {
      await em
        .createQueryBuilder()
        .insert()
        .into(SlaPolicy)
        .values({ kind: kind as AppealKind, ...p })
        .orIgnore()
        .execute();
    }
    if ((await em.count(Department)) === 0) {
      await em.insert(Department, DEPARTMENTS);
      if ((await em.count(Topic)) === 0) await seedTopics(em);
    }
    const calendarYears = await seedCalendar(em, now, calendars);
    const admin = await seedAdmin(em, config);
    return { ...admin, calendarYears };
  });
}

async function seedTopics(em: EntityManager): Promise<void> {
  const departments = new Map((await em.find(Department)).map((d) => [d.code, d.id]));
  for (const t of TOPICS) {
    let slaPolicyId: string | null = null;
    if (t.policy) {
      const saved = await em.save(SlaPolicy, em.create(SlaPolicy, { kind: null, ...t.policy }));
      slaPolicyId = saved.id;
    }
    await em.insert(Topic, {
      code: t.code,
      name: t.name,
      departmentId: departments.get(t.department)!,
      slaPolicyId,
      attributes: t.attributes ?? [],
    });
  }
}

async function seedCalendar(
  em: EntityManager,
  now: Date,
  calendars: CalendarService | undefined,
): Promise<number[]> {
  const have = new Set((await em.find(CalendarYear)).map((y) => y.year));
  const loaded: number[] = [];
  for (const file of readdirSync(BUNDLED_CALENDAR_DIR)
    .filter((f) => f.endsWith('.xml'))
    .sort()) {
    if (have.has(Number(path.basename(file, '.xml')))) continue;
    const parsed = parseXmlCalendar(readFileSync(path.join(BUNDLED_CALENDAR_DIR, file), 'utf8'));
    const replace = async (): Promise<ReturnType<typeof seededYearChange>> => {
      await replaceCalendarYear(em, parsed, `bundled:${file}`, now);
      return seededYearChange(parsed.year);
    };
    // A year a newer release bundles replaces the provisional one: its deadlines follow.
    if (calendars) await calendars.applyChange(em, replace, null);
    else await replace();
    loaded.push(parsed.year);
  }
  if (loaded.length > 0) calendars?.invalidate();
  return loaded;
}

async function seedAdmin(
  em: EntityManager,
  config: AppConfig,
): Promise<Pick<SeedResult, 'generatedAdminPassword' | 'adminCreated'>> {
  const login = config.bootstrapAdmin.login.toLowerCase();
  if ((await em.count(User, { where: { login } })) > 0) {
    return { generatedAdminPassword: null, adminCreated: false };
  }
  const generated = config.bootstrapAdmin.password ? null : generatePassword();
  await em.insert(User, {
    login,
    passwordHash: await argon2.hash(config.bootstrapAdmin.password ?? generated!),
    fullName: 'Администратор',
    roles: ['admin'],
  });
  return { generatedAdminPassword: generated, adminCreated: true };
}
