import { ROLES } from '../common/auth/roles';
import { resolveReplyChannel, toDraft } from '../intake/to-draft';
import { checkMandatoryFields } from '../rules/mandatory-fields.rule';
import {
  CHANNEL_DESCRIPTORS,
  CHANNELS,
  INTERACTIVE_CHANNELS,
  REGISTERING_ROLES,
  channelLabel,
  defaultReplyChannel,
  describeChannel,
  isChannel,
  isInteractiveChannel,
  staffMayRegister,
  type ChannelDescriptor,
} from './channel.registry';
import { REPLY_CHANNELS } from './reply-channel.registry';

const ADDRESS_FIELDS = ['applicant.email', 'applicant.postalAddress'];

describe('channel registry', () => {
  describe('every derived list covers every descriptor', () => {
    it('lists each descriptor once, in declaration order', () => {
      expect(CHANNELS).toEqual(Object.keys(CHANNEL_DESCRIPTORS));
      expect(new Set(CHANNELS).size).toBe(CHANNELS.length);
      for (const c of CHANNELS) expect(isChannel(c)).toBe(true);
      expect(isChannel('telegram')).toBe(false);
      expect(isChannel('toString')).toBe(false);
    });

    it('names only known roles and reply channels, and a distinct label each', () => {
      for (const c of CHANNELS) {
        const d = describeChannel(c);
        expect(d.label.trim()).not.toBe('');
        expect(['interactive', 'physical']).toContain(d.mode);
        for (const role of d.staffRoles) expect(ROLES).toContain(role);
        expect(['email', 'postalAddress']).toContain(d.replyAddressFirst);
        expect(REPLY_CHANNELS).toContain(d.defaultReply);
      }
      expect(new Set(CHANNELS.map(channelLabel)).size).toBe(CHANNELS.length);
    });

    it('admits to POST /appeals every staff role some descriptor names, and only those', () => {
      const named = new Set(CHANNELS.flatMap((c) => describeChannel(c).staffRoles));
      expect(new Set(REGISTERING_ROLES)).toEqual(named);
      // `@Roles()` without roles would admit every staff member.
      expect(REGISTERING_ROLES.length).toBeGreaterThan(0);
    });

    it('derives the interactive list from the descriptors’ mode', () => {
      expect(INTERACTIVE_CHANNELS).toEqual(
        CHANNELS.filter((c) => CHANNEL_DESCRIPTORS[c].mode === 'interactive'),
      );
      for (const c of CHANNELS) {
        expect(isInteractiveChannel(c)).toBe(describeChannel(c).mode === 'interactive');
      }
    });
  });

  describe('today’s channels, as SPEC §1–3 sets them', () => {
    it('keeps the order the API enums and the validation message show', () => {
      expect(CHANNELS).toEqual([
        'web',
        'personal_account',
        'email',
        'post',
        'office',
        'gis_zhkh',
        'reception',
        'phone',
        'messenger',
      ]);
    });

    it('bounces incomplete input only on web, personal_account and messenger (59-ФЗ ст. 8 ч. 2)', () => {
      // Issue 24: the bot asks for what is missing, so nothing incomplete is registered.
      expect(INTERACTIVE_CHANNELS).toEqual(['web', 'personal_account', 'messenger']);
    });

    it('lets a clerk register post, office, email, reception and phone; a head only reception', () => {
      expect(CHANNELS.filter((c) => staffMayRegister(['clerk'], c))).toEqual([
        'email',
        'post',
        'office',
        'reception',
        // Issue 23: a call taken by hand, when no call-centre system posts it.
        'phone',
      ]);
      // Issue 22: a head registers the appeal of a reception they held (59-ФЗ ст. 13 ч. 2).
      expect(CHANNELS.filter((c) => staffMayRegister(['head'], c))).toEqual(['reception']);
      const others = ROLES.filter((r) => r !== 'clerk' && r !== 'head');
      expect(CHANNELS.filter((c) => staffMayRegister(others, c))).toEqual([]);
      expect(REGISTERING_ROLES).toEqual(['clerk', 'head']);
    });

    it('asks post and office for a postal address first, the others for an e-mail', () => {
      expect(
        CHANNELS.filter((c) => describeChannel(c).replyAddressFirst === 'postalAddress'),
      ).toEqual(['post', 'office', 'reception', 'phone']);
    });

    it('answers where the appeal came from', () => {
      expect(Object.fromEntries(CHANNELS.map((c) => [c, defaultReplyChannel(c)]))).toEqual({
        web: 'email',
        personal_account: 'personal_account',
        email: 'email',
        post: 'post',
        office: 'post',
        gis_zhkh: 'gis_zhkh',
        reception: 'post',
        // A phone number is no address for a written answer (59-ФЗ ст. 11 ч. 1; SMS out of scope).
        phone: 'post',
        // Issue 24: the chat is the address.
        messenger: 'messenger',
      });
    });

    it('names each channel in Russian, an unknown value as it is', () => {
      expect(CHANNELS.map(channelLabel)).toEqual([
        'Сайт',
        'Личный кабинет',
        'Электронная почта',
        'Почта',
        'Офис',
        'ГИС ЖКХ',
        'Личный приём',
        'Телефон',
        'Мессенджер',
      ]);
      expect(channelLabel('fax')).toBe('fax');
    });
  });

  describe('each flag drives its behaviour', () => {
    it.each(CHANNELS)(
      '%s: with no address at all, the mandatory fields ask for the one it names first',
      (channel) => {
        const asked = checkMandatoryFields(toDraft({ channel, applicant: {} }))
          .map((i) => i.field)
          .filter((f) => ADDRESS_FIELDS.includes(f));
        expect(asked).toEqual([`applicant.${describeChannel(channel).replyAddressFirst}`]);
      },
    );

    it.each(CHANNELS)(
      '%s: with both addresses, the answer goes to its default reply',
      (channel) => {
        const both = { email: 'e@x.ru', postalAddress: 'адрес' };
        expect(resolveReplyChannel(channel, null, both)).toBe(
          describeChannel(channel).defaultReply,
        );
      },
    );

    it.each(CHANNELS)('%s: staff register it with exactly the roles it names', (channel) => {
      for (const role of ROLES) {
        expect(staffMayRegister([role], channel)).toBe(
          describeChannel(channel).staffRoles.includes(role),
        );
      }
    });
  });

  it('takes a new channel as one complete descriptor (checked by the compiler)', () => {
    const phone = {
      label: 'Телефон',
      mode: 'interactive',
      staffRoles: ['clerk'],
      replyAddressFirst: 'postalAddress',
      defaultReply: 'post',
    } satisfies ChannelDescriptor;
    // @ts-expect-error every field is required: here the default reply channel is missing
    const incomplete: ChannelDescriptor = {
      label: 'Телефон',
      mode: 'interactive',
      staffRoles: [],
      replyAddressFirst: 'email',
    };
    const unknownReply: ChannelDescriptor = {
      ...phone,
      // @ts-expect-error a reply channel must be a described one
      defaultReply: 'telegram',
    };
    // @ts-expect-error a role must be a staff role
    const unknownRole: ChannelDescriptor = { ...phone, staffRoles: ['operator'] };
    expect([phone, incomplete, unknownReply, unknownRole]).toHaveLength(4);
  });
});
