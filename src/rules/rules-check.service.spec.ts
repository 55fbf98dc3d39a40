import type { ClientPrincipal, StaffPrincipal } from '../common/auth/principal';
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
  const sut = new RulesCheckService(rules);

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
});
