import type { ClientPrincipal, StaffPrincipal } from '../common/auth/principal';
import type { DepartmentsService } from '../departments/departments.service';
import type { Topic } from '../departments/topic.entity';
import type { CreateAppealDto } from '../intake/create-appeal.dto';
import type { RulesOutcome } from './rule.types';
import { RulesCheckService } from './rules-check.service';
import type { RulesService } from './rules.service';

const outcome: RulesOutcome = {
  checks: [
    { rule: 'anonymous', verdict: 'pass', detail: 'Заявитель и адрес для ответа указаны' },
    { rule: 'abusive', verdict: 'review', detail: 'Оскорбление: «идиоты»' },
    { rule: 'duplicate', verdict: 'reject', detail: 'Дублирует обращение 2026-000001, …' },
    {
      rule: 'repeated',
      verdict: 'pass',
      detail: 'Похожих отвеченных обращений этого заявителя нет',
    },
  ],
  status: 'duplicate',
  rejectionReason: null,
  duplicateOf: { id: 'a1', regNumber: '2026-000001', dueDate: null },
};
const rules = { evaluate: () => Promise.resolve(outcome) } as unknown as RulesService;
const topics: Record<string, Partial<Topic>> = {
  bill: {
    code: 'bill',
    attributes: [
      { code: 'period', label: 'Период', type: 'string', required: true },
      { code: 'residents', label: 'Проживает человек', type: 'number', required: false },
    ],
  },
};
const departments = {
  findTopicByCode: (code: string) => Promise.resolve(topics[code] ?? null),
} as unknown as DepartmentsService;
const dto = {
  channel: 'web',
  applicant: { lastName: 'Иванов' },
  text: 'Нет воды',
} as CreateAppealDto;
const client: ClientPrincipal = { kind: 'client', apiKeyId: 'k', name: 'portal', channels: [] };
const staff: StaffPrincipal = {
  kind: 'user',
  id: 'u',
  login: 'clerk',
  fullName: 'Клерк',
  roles: ['clerk'],
  departmentId: null,
};

describe('RulesCheckService', () => {
  const sut = new RulesCheckService(rules, departments);

  it('hides from an API key which stored appeal a rule comparing with them matched (152-ФЗ)', async () => {
    const { checks } = await sut.run(dto, client);
    expect(checks.map((c) => c.detail)).toEqual([
      'Заявитель и адрес для ответа указаны',
      'Оскорбление: «идиоты»',
      'Похоже на ранее поданное обращение этого заявителя',
      'Похожих отвеченных обращений этого заявителя нет',
    ]);
    expect(checks.map((c) => c.verdict)).toEqual(['pass', 'review', 'reject', 'pass']);
  });

  it('shows staff every detail', async () => {
    expect((await sut.run(dto, staff)).checks).toEqual(outcome.checks);
  });

  it('reports the topic attributes registration would refuse or record', async () => {
    const { validationIssues } = await sut.run(
      { ...dto, topicCode: 'bill', attributes: { residents: 'трое', floor: 3 } },
      staff,
    );
    const attributes = validationIssues.filter((e) => e.field.startsWith('attributes.'));
    expect(attributes.map((e) => [e.field, e.code])).toEqual([
      ['attributes.period', 'REQUIRED'],
      ['attributes.residents', 'INVALID_NUMBER'],
      ['attributes.floor', 'UNKNOWN_ATTRIBUTE'],
    ]);
  });

  it('reports an unknown topic instead of failing the dry run', async () => {
    const { validationIssues } = await sut.run({ ...dto, topicCode: 'nope' }, staff);
    expect(validationIssues).toContainEqual(
      expect.objectContaining({ field: 'topicCode', code: 'UNKNOWN_TOPIC' }),
    );
  });

  it.each([
    ['missing on its kind', { kind: 'quality_report' }, 'REQUIRED'],
    [
      'given on another kind',
      { kind: 'statement', qualityReport: { service: 'gas', startedAt: '2026-04-01T10:00:00Z' } },
      'NOT_ALLOWED',
    ],
  ])('reports a quality report %s', async (_, over, code) => {
    const { validationIssues } = await sut.run({ ...dto, ...over } as CreateAppealDto, staff);
    expect(validationIssues).toContainEqual(
      expect.objectContaining({ field: 'qualityReport', code }),
    );
  });
});
