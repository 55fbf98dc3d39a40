import { auditEventsQuery } from './audit-query';

describe('auditEventsQuery', () => {
  const tz = 'Europe/Moscow';

  it('reads newest first with no filter, the zone always the first parameter', () => {
    const sut = auditEventsQuery({ limit: 51 }, tz);
    expect(sut.sql).not.toContain('WHERE');
    expect(sut.sql).toMatch(/ORDER BY e\.at DESC, e\.id DESC\s+LIMIT \$2$/);
    expect(sut.params).toEqual([tz, 51]);
  });

  it('reads one actor column only, so that its own index serves the order', () => {
    const sut = auditEventsQuery({ actor: { column: 'actor_api_key_id', id: 'k' }, limit: 10 }, tz);
    expect(sut.sql).toContain('e.actor_api_key_id = $2::uuid');
    expect(sut.sql).not.toContain('e.actor_user_id =');
  });

  it('numbers every filter’s parameters in order and bounds local days in the zone', () => {
    const sut = auditEventsQuery(
      {
        appealId: 'a',
        action: 'appeal.read',
        from: '2026-04-01',
        to: '2026-04-30',
        after: { at: '2026-04-10T06:00:00.123456Z', id: '42' },
        limit: 51,
      },
      tz,
    );
    expect(sut.params).toEqual([
      tz,
      'a',
      'appeal.read',
      '2026-04-01',
      '2026-04-30',
      '2026-04-10T06:00:00.123456Z',
      '42',
      51,
    ]);
    expect(sut.sql).toContain(`e.entity_type = 'appeal' AND e.entity_id = $2`);
    expect(sut.sql).toContain('e.at >= (CAST($4 AS date)::timestamp AT TIME ZONE $1)');
    expect(sut.sql).toContain('e.at < ((CAST($5 AS date) + 1)::timestamp AT TIME ZONE $1)');
    expect(sut.sql).toContain('(e.at, e.id) < ($6::timestamptz, $7::bigint)');
  });

  it('has no limit for the export', () => {
    expect(auditEventsQuery({ limit: null }, tz).sql).not.toContain('LIMIT');
  });
});
