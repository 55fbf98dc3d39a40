import type { Role } from '../common/auth/roles';
import type { ApplicantAddressField, ReplyChannel } from './reply-channel.registry';

/**
 * The intake channels: one descriptor per channel says everything the rest of the code asks
 * about it (SPEC §1–3). The `Channel` type, `CHANNELS` (the DTOs' enums and validation), the
 * interactive/physical split, who may register on it, the reply address asked for first, the
 * default reply channel and the Russian label in the reports are all read from here. Adding a
 * channel is one descriptor here, plus its adapter folder under `integrations/` if it has one
 * (docs/architecture.md, "Adding a channel"; [ADR 0015](../../docs/decisions/0015-channel-registry.md)).
 * Imports no feature module: appeals, intake, rules, notifications and reports import it.
 */
export interface ChannelDescriptor {
  /** The Russian name, for people (report columns and groups, the API description). */
  label: string;
  /**
   * `interactive`: the sender is still at the form, so missing mandatory fields are a 422 and
   * nothing is stored. `physical`: the appeal has arrived and must be registered (59-ФЗ ст. 8
   * ч. 2); its gaps are kept as `validationIssues` and the rejection rules decide (ст. 7, 11).
   */
  mode: 'interactive' | 'physical';
  /**
   * Staff roles that register it by hand (SPEC §1); empty when only integration clients do.
   * A client registers on every channel its API key is scoped to.
   */
  staffRoles: readonly Role[];
  /** The reply address the mandatory-field check asks for when the applicant gave none (SPEC §3). */
  replyAddressFirst: ApplicantAddressField;
  /** Where the answer goes unless the appeal says otherwise: where it came from (SPEC §3). */
  defaultReply: ReplyChannel;
}

export const CHANNEL_DESCRIPTORS = {
  web: {
    label: 'Сайт',
    mode: 'interactive',
    staffRoles: [],
    replyAddressFirst: 'email',
    defaultReply: 'email',
  },
  personal_account: {
    label: 'Личный кабинет',
    mode: 'interactive',
    staffRoles: [],
    replyAddressFirst: 'email',
    defaultReply: 'personal_account',
  },
  email: {
    label: 'Электронная почта',
    mode: 'physical',
    // The mailbox's system client registers it; a clerk too, for a letter forwarded by hand.
    staffRoles: ['clerk'],
    replyAddressFirst: 'email',
    defaultReply: 'email',
  },
  post: {
    label: 'Почта',
    mode: 'physical',
    staffRoles: ['clerk'],
    replyAddressFirst: 'postalAddress',
    defaultReply: 'post',
  },
  office: {
    label: 'Офис',
    mode: 'physical',
    staffRoles: ['clerk'],
    replyAddressFirst: 'postalAddress',
    defaultReply: 'post',
  },
  gis_zhkh: {
    label: 'ГИС ЖКХ',
    mode: 'physical',
    staffRoles: [],
    replyAddressFirst: 'email',
    defaultReply: 'gis_zhkh',
  },
  reception: {
    label: 'Личный приём',
    // An oral appeal at a personal reception that needs a written answer (59-ФЗ ст. 13 ч. 2),
    // registered from the reception's card (issue 22, docs/reception.md): it has arrived.
    mode: 'physical',
    // The clerk who keeps the card for the official, or the official (a head) themselves.
    staffRoles: ['clerk', 'head'],
    replyAddressFirst: 'postalAddress',
    // By post as from the office; by e-mail when the applicant left only an e-mail.
    defaultReply: 'post',
  },
  phone: {
    label: 'Телефон',
    // A call that has happened (call centre, voice mail, IVR; issue 23, docs/integrations/phone.md):
    // it has arrived, so it is registered with its gaps (59-ФЗ ст. 8 ч. 2; ПП 354 п. 106).
    mode: 'physical',
    // Posted by the telephony system's API key; a clerk registers a call taken by hand.
    staffRoles: ['clerk'],
    // The caller's number (kept as applicant.phone) is no address for a written answer
    // (59-ФЗ ст. 11 ч. 1; answers by SMS are out of scope): by post, or e-mail when given.
    replyAddressFirst: 'postalAddress',
    defaultReply: 'post',
  },
  messenger: {
    label: 'Мессенджер',
    // The bot asks for what is missing (issue 24), so nothing incomplete is registered.
    mode: 'interactive',
    // Only the bot's system client registers it (src/integrations/messenger/).
    staffRoles: [],
    replyAddressFirst: 'email',
    // The chat itself is the address (externalRefs.provider + chatId).
    defaultReply: 'messenger',
  },
} satisfies Record<string, ChannelDescriptor>;

export type Channel = keyof typeof CHANNEL_DESCRIPTORS;

/** Every channel, in declaration order (the DTOs' enums and the validation message). */
export const CHANNELS = Object.keys(CHANNEL_DESCRIPTORS) as readonly Channel[];

export const describeChannel = (channel: Channel): ChannelDescriptor =>
  CHANNEL_DESCRIPTORS[channel];

export const isChannel = (value: string): value is Channel =>
  Object.hasOwn(CHANNEL_DESCRIPTORS, value);

/** Channels that bounce incomplete input with 422 (the rest register it, 59-ФЗ ст. 8 ч. 2). */
export const INTERACTIVE_CHANNELS: readonly Channel[] = CHANNELS.filter(
  (c) => describeChannel(c).mode === 'interactive',
);
export const isInteractiveChannel = (channel: Channel): boolean =>
  describeChannel(channel).mode === 'interactive';

/** Whether a staff member with these roles may register an appeal of the channel (SPEC §1). */
export const staffMayRegister = (roles: readonly Role[], channel: Channel): boolean =>
  describeChannel(channel).staffRoles.some((r) => roles.includes(r));

/**
 * The staff roles that register appeals on some channel (the roles of `POST /appeals`; which
 * channel each may use is `staffMayRegister`). Never empty: `@Roles()` with none admits all staff.
 */
export const REGISTERING_ROLES: readonly Role[] = [
  ...new Set(CHANNELS.flatMap((c) => describeChannel(c).staffRoles)),
];

/** Where the answer goes when the appeal does not say (SPEC §3: "where the appeal came from"). */
export const defaultReplyChannel = (channel: Channel): ReplyChannel =>
  describeChannel(channel).defaultReply;

/** The Russian name of a channel; an unknown value (nothing stores one) as it is. */
export const channelLabel = (channel: string): string =>
  isChannel(channel) ? describeChannel(channel).label : channel;
