import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode } from '../common/errors/error-codes';
import { checkExtension as sut, isLate, type ExtensionRequest } from './extension.policy';
import { ProductionCalendar } from './production-calendar';
import { parseXmlCalendar } from './xmlcalendar.parser';

const calendar = ProductionCalendar.fromYears(
  [2026, 2027].map((y) =>
    parseXmlCalendar(readFileSync(path.join(__dirname, 'calendar-data', `${y}.xml`), 'utf8')),
  ),
);
const base: ExtensionRequest = {
  days: 30,
  today: '2026-04-20',
  dueDate: '2026-05-08',
  grantedDays: 0,
  maxExtensionDays: 30,
  nonWorkingDayPolicy: 'backward',
};

describe('extension policy (59-ФЗ ст. 12 ч. 2)', () => {
  it('extends by the days asked, moving a non-working last day back', () => {
    // 2026-05-08 + 30 = Sunday 2026-06-07 → Friday 2026-06-05
    expect(sut(base, calendar)).toEqual({ ok: true, newDueDate: '2026-06-05' });
  });

  it('moves forward under the forward policy', () => {
    expect(sut({ ...base, nonWorkingDayPolicy: 'forward' }, calendar)).toEqual({
      ok: true,
      newDueDate: '2026-06-08',
    });
  });

  it('allows an extension on the due date itself', () => {
    expect(sut({ ...base, today: '2026-05-08', days: 10 }, calendar).ok).toBe(true);
  });

  it('refuses after the due date passed with EXTENSION_TOO_LATE', () => {
    expect(sut({ ...base, today: '2026-05-09' }, calendar)).toMatchObject({
      ok: false,
      code: ErrorCode.EXTENSION_TOO_LATE,
    });
  });

  it('refuses more than 30 days in total with EXTENSION_LIMIT_EXCEEDED', () => {
    expect(sut({ ...base, days: 31 }, calendar)).toMatchObject({
      ok: false,
      code: ErrorCode.EXTENSION_LIMIT_EXCEEDED,
    });
    expect(sut({ ...base, days: 11, grantedDays: 20 }, calendar)).toMatchObject({
      ok: false,
      code: ErrorCode.EXTENSION_LIMIT_EXCEEDED,
    });
    expect(sut({ ...base, days: 10, grantedDays: 20 }, calendar).ok).toBe(true);
  });

  it('caps a policy that claims more than the law allows at 30 days', () => {
    expect(sut({ ...base, days: 40, maxExtensionDays: 60 }, calendar)).toMatchObject({
      ok: false,
      code: ErrorCode.EXTENSION_LIMIT_EXCEEDED,
    });
  });

  it('refuses a kind without extensions (claims) with EXTENSION_NOT_ALLOWED', () => {
    expect(sut({ ...base, maxExtensionDays: 0, days: 1 }, calendar)).toMatchObject({
      ok: false,
      code: ErrorCode.EXTENSION_NOT_ALLOWED,
    });
  });

  it('never gives a date earlier than the current one when moving back', () => {
    // 2026-12-30 + 1 = 2026-12-31, a day off; moving back would give the current date itself.
    const r = sut({ ...base, today: '2026-12-20', dueDate: '2026-12-30', days: 1 }, calendar);
    expect(r).toMatchObject({ ok: true });
    expect((r as { newDueDate: string }).newDueDate > '2026-12-30').toBe(true);
  });
});

describe('lateness of the other clocks (59-ФЗ ст. 8)', () => {
  it('counts registration on the third day after receipt as on time, the fourth as late', () => {
    expect(isLate('2026-04-10', '2026-04-13', 3)).toBe(false);
    expect(isLate('2026-04-10', '2026-04-14', 3)).toBe(true);
  });
});
