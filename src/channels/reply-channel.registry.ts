/**
 * The reply channels: where an answer and every notice to the applicant go (SPEC §3, §7, §8).
 * One descriptor each; the `ReplyChannel` type, `REPLY_CHANNELS` (the DTOs' enums), the reply
 * address the mandatory-field check asks for, the fallback when that address is missing, the
 * recipient of a notice and how it travels are all read from here. Imports nothing: intake,
 * rules, notifications and appeals import it ([ADR 0015](../../docs/decisions/0015-channel-registry.md)).
 */

/** The applicant's own addresses an answer can be sent to. */
export type ApplicantAddressField = 'email' | 'postalAddress';

/** What a reply channel reads to address a notice: the applicant and the appeal's external references. */
export interface Addressee {
  applicant: { email: string | null; postalAddress: string | null };
  externalRefs?: Readonly<Record<string, string>> | null;
}

export interface ReplyChannelDescriptor<R extends string = string> {
  /** The Russian name, for people. */
  label: string;
  /**
   * The applicant's address this channel cannot do without, and the issue the mandatory-field
   * check lists when it is missing (SPEC §3); null when the channel finds its own or takes either.
   */
  needs: { field: ApplicantAddressField; issue: string } | null;
  /**
   * Where the answer goes instead when the appeal names no reply channel, this one is its
   * channel's default, its `needs` is missing and the fallback's own address is given (SPEC §3).
   */
  fallback: R | null;
  /**
   * The channel itself is the address (ГИС ЖКХ answers inside the appeal's own record there), so
   * an applicant without an e-mail or postal address is still not anonymous (59-ФЗ ст. 11 ч. 1).
   */
  addressesItself: boolean;
  /** The address a notice goes to; null when there is none (then no notice is written). */
  recipient(to: Addressee): string | null;
  /**
   * How a notice to that recipient actually travels, as a reply channel with a transport of its
   * own: `email` (the outbox, sent over SMTP), `post` (a numbered letter to print), `gis_zhkh`
   * (its connector). Stored as the notification's `channel`.
   */
  travelsAs(recipient: string): R;
}

/**
 * The descriptors, typed so that every `fallback` and `travelsAs` names a reply channel of this
 * same list (a typo does not compile) and every descriptor has every field.
 */
function defineReplyChannels<
  const T extends { [K in keyof T]: ReplyChannelDescriptor<NoInfer<Extract<keyof T, string>>> },
>(descriptors: T): T {
  return descriptors;
}

export const REPLY_CHANNEL_DESCRIPTORS = defineReplyChannels({
  email: {
    label: 'Электронная почта',
    needs: { field: 'email', issue: 'Для ответа по электронной почте укажите её адрес' },
    fallback: 'post',
    addressesItself: false,
    recipient: ({ applicant }) => applicant.email,
    travelsAs: () => 'email',
  },
  post: {
    label: 'Почта',
    needs: { field: 'postalAddress', issue: 'Для ответа письмом укажите почтовый адрес' },
    fallback: 'email',
    addressesItself: false,
    recipient: ({ applicant }) => applicant.postalAddress,
    travelsAs: () => 'post',
  },
  personal_account: {
    label: 'Личный кабинет',
    needs: null,
    fallback: null,
    addressesItself: false,
    recipient: ({ applicant }) => applicant.email ?? applicant.postalAddress,
    // The personal account mirrors e-mail; without an e-mail the answer is a letter.
    travelsAs: (recipient) => (recipient.includes('@') ? 'email' : 'post'),
  },
  gis_zhkh: {
    label: 'ГИС ЖКХ',
    needs: null,
    fallback: null,
    addressesItself: true,
    recipient: ({ applicant, externalRefs }) =>
      externalRefs?.appealGuid ?? applicant.email ?? applicant.postalAddress,
    travelsAs: () => 'gis_zhkh',
  },
  messenger: {
    label: 'Мессенджер',
    needs: null,
    // A blocked bot falls back at send time to the applicant's e-mail or postal address
    // (src/integrations/messenger/messenger-notices.service.ts).
    fallback: null,
    addressesItself: true,
    // `<provider>:<chatId>`: the chat the appeal came from (issue 24).
    recipient: ({ applicant, externalRefs }) =>
      externalRefs?.provider && externalRefs.chatId
        ? `${externalRefs.provider}:${externalRefs.chatId}`
        : (applicant.email ?? applicant.postalAddress),
    travelsAs: (recipient) =>
      /^(telegram|max):/.test(recipient) ? 'messenger' : recipient.includes('@') ? 'email' : 'post',
  },
});

export type ReplyChannel = keyof typeof REPLY_CHANNEL_DESCRIPTORS;

/** Every reply channel, in declaration order (the DTOs' enums). */
export const REPLY_CHANNELS = Object.keys(REPLY_CHANNEL_DESCRIPTORS) as readonly ReplyChannel[];

export const describeReplyChannel = (reply: ReplyChannel): ReplyChannelDescriptor<ReplyChannel> =>
  REPLY_CHANNEL_DESCRIPTORS[reply];
