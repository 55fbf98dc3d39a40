import {
  checkAgreedTime,
  checkInspectionAct,
  checkQualityReportFor,
  inspectionDueAt,
  localDateTimeText,
  toQualityReport,
  violationHours,
  type QualityReport,
} from './quality-report.policy';

describe('inspectionDueAt', () => {
  it('is the registration time plus the configured hours (ПП 354 п. 108: 2 hours by default)', () => {
    const sut = inspectionDueAt(new Date('2026-04-06T22:30:00Z'), 2);
    expect(sut.toISOString()).toBe('2026-04-07T00:30:00.000Z');
  });

  it('counts hours, not working days: a Saturday night report is due that night', () => {
    const sut = inspectionDueAt(new Date('2026-04-11T20:00:00Z'), 3);
    expect(sut.toISOString()).toBe('2026-04-11T23:00:00.000Z');
  });
});

describe('violationHours', () => {
  it('is the period between start and end in hours, to a hundredth', () => {
    const sut = violationHours('2026-04-06T08:00:00Z', '2026-04-07T10:20:00Z');
    expect(sut).toBe(26.33);
  });

  it('is null while the end is not known', () => {
    expect(violationHours('2026-04-06T08:00:00Z', null)).toBeNull();
  });
});

describe('checkInspectionAct', () => {
  const registeredAt = new Date('2026-04-06T10:00:00Z');
  const act = {
    inspectedAt: '2026-04-06T11:30:00Z',
    violationConfirmed: true,
    violationStartedAt: '2026-04-06T06:00:00Z',
    violationEndedAt: '2026-04-06T18:00:00Z',
  };

  it('accepts an act made after the report with its period in order', () => {
    expect(checkInspectionAct(act, registeredAt)).toEqual([]);
  });

  it('refuses an inspection before the report was registered', () => {
    const sut = checkInspectionAct({ ...act, inspectedAt: '2026-04-06T09:59:00Z' }, registeredAt);
    expect(sut.map((e) => [e.field, e.code])).toEqual([['inspectedAt', 'BEFORE_REPORT']]);
  });

  it('refuses a violation that ends before it began', () => {
    const sut = checkInspectionAct(
      { ...act, violationEndedAt: '2026-04-06T05:00:00Z' },
      registeredAt,
    );
    expect(sut.map((e) => [e.field, e.code])).toEqual([['violationEndedAt', 'BEFORE_START']]);
  });

  it('asks for the start of a confirmed violation (what the bill is recalculated from)', () => {
    const sut = checkInspectionAct(
      { ...act, violationStartedAt: null, violationEndedAt: null },
      registeredAt,
    );
    expect(sut.map((e) => [e.field, e.code])).toEqual([['violationStartedAt', 'REQUIRED']]);
  });

  it('lets an unconfirmed violation go without a period', () => {
    const sut = checkInspectionAct(
      { ...act, violationConfirmed: false, violationStartedAt: null, violationEndedAt: null },
      registeredAt,
    );
    expect(sut).toEqual([]);
  });
});

describe('checkQualityReportFor', () => {
  const report = { service: 'hot_water' as const, startedAt: '2026-04-06T06:00:00Z' };

  it('requires the report for the kind quality_report (a gap, as any mandatory field)', () => {
    const sut = checkQualityReportFor('quality_report', null);
    expect(sut).toEqual({
      structural: [],
      gaps: [expect.objectContaining({ field: 'qualityReport', code: 'REQUIRED' })],
    });
  });

  it('refuses it on every other kind', () => {
    const sut = checkQualityReportFor('complaint', report);
    expect(sut.structural).toEqual([
      expect.objectContaining({ field: 'qualityReport', code: 'NOT_ALLOWED' }),
    ]);
  });

  it('passes a quality report that carries one', () => {
    expect(checkQualityReportFor('quality_report', report)).toEqual({ structural: [], gaps: [] });
    expect(checkQualityReportFor('statement', null)).toEqual({ structural: [], gaps: [] });
  });
});

describe('localDateTimeText', () => {
  it('shows the time in the zone, on a 24-hour clock', () => {
    expect(localDateTimeText(new Date('2026-04-06T21:05:00Z'), 'Europe/Moscow')).toBe(
      '07.04.2026 00:05',
    );
  });
});

describe('checkAgreedTime', () => {
  const registeredAt = new Date('2026-04-06T10:00:00Z');

  it('accepts a time after the report', () => {
    expect(checkAgreedTime('2026-04-06T15:00:00Z', registeredAt)).toEqual([]);
  });

  it('refuses a time before the report: nothing was reported yet to inspect', () => {
    const sut = checkAgreedTime('2026-04-06T09:00:00Z', registeredAt);
    expect(sut.map((e) => [e.field, e.code])).toEqual([['agreedFor', 'BEFORE_REPORT']]);
  });
});

describe('toQualityReport', () => {
  const input = {
    service: 'heating' as const,
    startedAt: '2026-04-06T06:00:00+03:00',
    description: '  Холодные батареи ',
  };

  it('stores what was reported as registration does: the instant in UTC, the text trimmed', () => {
    expect(toQualityReport({ ...input, description: ' ' })).toEqual({
      service: 'heating',
      startedAt: '2026-04-06T03:00:00.000Z',
      description: null,
      agreed: null,
      act: null,
    });
  });

  it('keeps the agreed time and the act of the report it corrects', () => {
    const current: QualityReport = {
      service: 'hot_water',
      startedAt: '2026-04-05T03:00:00.000Z',
      description: null,
      agreed: {
        agreedFor: '2026-04-06T13:00:00.000Z',
        agreedWith: 'Иванов',
        agreedBy: null,
        agreedAt: '2026-04-06T07:30:00.000Z',
      },
      act: {
        inspectedAt: '2026-04-06T13:10:00.000Z',
        participants: ['Иванов'],
        violationConfirmed: false,
        violationStartedAt: null,
        violationEndedAt: null,
        findings: 'Нарушение не выявлено',
        recordedBy: null,
        recordedAt: '2026-04-06T13:30:00.000Z',
      },
    };
    expect(toQualityReport(input, current)).toEqual({
      service: 'heating',
      startedAt: '2026-04-06T03:00:00.000Z',
      description: 'Холодные батареи',
      agreed: current.agreed,
      act: current.act,
    });
  });
});
