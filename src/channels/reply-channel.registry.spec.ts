import { resolveReplyChannel, toDraft } from '../intake/to-draft';
import { checkAnonymous } from '../rules/anonymous.rule';
import { checkMandatoryFields } from '../rules/mandatory-fields.rule';
import { CHANNELS, defaultReplyChannel } from './channel.registry';
import {
  REPLY_CHANNEL_DESCRIPTORS,
  REPLY_CHANNELS,
  describeReplyChannel,
  type Addressee,
} from './reply-channel.registry';

const to = (
  email: string | null,
  postalAddress: string | null,
  externalRefs: Record<string, string> = {},
): Addressee => ({ applicant: { email, postalAddress }, externalRefs });

describe('reply channel registry', () => {
  it('lists each descriptor once, in declaration order (the DTOs’ enum)', () => {
    expect(REPLY_CHANNELS).toEqual(Object.keys(REPLY_CHANNEL_DESCRIPTORS));
    expect(REPLY_CHANNELS).toEqual(['email', 'post', 'personal_account', 'gis_zhkh', 'messenger']);
  });

  it('names only described reply channels, and a distinct label each', () => {
    for (const r of REPLY_CHANNELS) {
      const d = describeReplyChannel(r);
      expect(d.label.trim()).not.toBe('');
      if (d.fallback) expect(REPLY_CHANNELS).toContain(d.fallback);
      if (d.needs) expect(d.needs.issue.trim()).not.toBe('');
    }
    expect(new Set(REPLY_CHANNELS.map((r) => describeReplyChannel(r).label)).size).toBe(
      REPLY_CHANNELS.length,
    );
  });

  // The table of docs/workflow.md, "Answer dispatch".
  it.each([
    ['email', to('e@x.ru', 'адрес'), 'e@x.ru', 'email'],
    ['email', to(null, 'адрес'), null, null],
    ['post', to('e@x.ru', 'адрес'), 'адрес', 'post'],
    ['post', to('e@x.ru', null), null, null],
    ['personal_account', to('e@x.ru', 'адрес'), 'e@x.ru', 'email'],
    ['personal_account', to(null, 'адрес'), 'адрес', 'post'],
    ['gis_zhkh', to('e@x.ru', 'адрес', { appealGuid: 'g-1' }), 'g-1', 'gis_zhkh'],
    ['gis_zhkh', to('e@x.ru', 'адрес'), 'e@x.ru', 'gis_zhkh'],
    ['gis_zhkh', to(null, 'адрес'), 'адрес', 'gis_zhkh'],
    ['gis_zhkh', to(null, null), null, null],
    // Issue 24: the chat the appeal came from; without one, the applicant's own address.
    [
      'messenger',
      to('e@x.ru', 'адрес', { provider: 'telegram', chatId: '42' }),
      'telegram:42',
      'messenger',
    ],
    ['messenger', to('e@x.ru', 'адрес'), 'e@x.ru', 'email'],
    ['messenger', to(null, 'адрес'), 'адрес', 'post'],
    ['messenger', to(null, null), null, null],
  ] as const)('%s: %j → recipient %p, travels as %p', (reply, addressee, recipient, travels) => {
    const d = describeReplyChannel(reply);
    expect(d.recipient(addressee)).toBe(recipient);
    if (recipient) expect(d.travelsAs(recipient)).toBe(travels);
  });

  describe('each flag drives its behaviour', () => {
    const channelAnsweredBy = (reply: (typeof REPLY_CHANNELS)[number]) =>
      CHANNELS.find((c) => defaultReplyChannel(c) === reply) ?? 'web';

    it.each(REPLY_CHANNELS)(
      '%s: an applicant with a name and no address is anonymous unless the channel addresses itself',
      (replyChannel) => {
        const draft = toDraft({
          channel: channelAnsweredBy(replyChannel),
          replyChannel,
          applicant: { lastName: 'Иванов' },
        });
        expect(checkAnonymous(draft).fired).toBe(
          !describeReplyChannel(replyChannel).addressesItself,
        );
      },
    );

    it.each(REPLY_CHANNELS)(
      '%s: chosen with only the other address, the mandatory fields list the address it needs',
      (replyChannel) => {
        const { needs } = describeReplyChannel(replyChannel);
        const other = needs?.field === 'email' ? { postalAddress: 'адрес' } : { email: 'e@x.ru' };
        const issues = checkMandatoryFields(
          toDraft({ channel: 'post', replyChannel, applicant: other }),
        ).filter((i) => i.field === 'applicant.email' || i.field === 'applicant.postalAddress');
        expect(issues).toEqual(
          needs
            ? [{ field: `applicant.${needs.field}`, code: 'REQUIRED', message: needs.issue }]
            : [],
        );
      },
    );

    it.each(CHANNELS)(
      '%s: the default reply falls back when its address is missing and the fallback’s is given',
      (channel) => {
        const { needs, fallback } = describeReplyChannel(defaultReplyChannel(channel));
        const email = { email: 'e@x.ru', postalAddress: null };
        const postal = { email: null, postalAddress: 'адрес' };
        for (const applicant of [email, postal]) {
          const missing = needs !== null && applicant[needs.field] === null;
          expect(resolveReplyChannel(channel, null, applicant)).toBe(
            missing && fallback ? fallback : defaultReplyChannel(channel),
          );
        }
      },
    );
  });
});
