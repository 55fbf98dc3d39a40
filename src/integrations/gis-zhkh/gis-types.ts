/**
 * Plain data shapes of the ГИС ЖКХ appeals channel (AppealsAsync, schema 14.4.0.1). Names follow
 * the XSD (hcs-appeals-types.xsd) so that a reader can map a field to its element directly.
 */

/** xs:date as `YYYY-MM-DD`. The service filters by whole days, never by instants. */
export type IsoDate = string;

/** `base:GUIDType`: a UUID in 8-4-4-4-12 hex form. */
export type Guid = string;

/** AppealStatusType. `Send` is the schema's spelling of «Отправлено/Получено». */
export type GisAppealStatus = 'Send' | 'InWork' | 'Executed' | 'Withdrawn';

/** Children of `StatusOfAppeal` in exportAppealRequest (note `Sent`, not `Send`). */
export type GisStatusFilter = 'Sent' | 'InWork' | 'Executed' | 'Withdrawn';

/** `nsi-base:nsiRef`, a reference to a ГИС ЖКХ directory item (topics are directory 220). */
export interface GisNsiRef {
  code: string;
  guid: Guid;
  name?: string;
}

/** `base:AttachmentType`: a file already uploaded to the ГИС ЖКХ file store. */
export interface GisAttachmentRef {
  name: string;
  /** Required by the schema, 1..500 characters. */
  description: string;
  attachmentGuid: Guid;
  /** ГОСТ Р 34.11-94 / 34.11-2012 hash of the file as the file store computed it. */
  hash?: string;
}

/** `base:SignedAttachmentType`: a file with its detached signature files. */
export interface GisSignedAttachmentRef {
  attachment: GisAttachmentRef;
  signatures: Array<Omit<GisAttachmentRef, 'description'> & { description?: string }>;
}

// ---------------------------------------------------------------------------------------------
// exportAppealRequest
// ---------------------------------------------------------------------------------------------

/**
 * exportAppealRequest offers three mutually exclusive ways to select appeals (an xs:choice):
 * by GUIDs, by numbers, or by business attributes (creation-date window, topic, houses, status).
 */
export type GisExportFilter =
  | {
      by: 'period';
      /** StartDate: first creation day, inclusive. */
      startDate?: IsoDate;
      /** EndDate: last creation day, inclusive. */
      endDate?: IsoDate;
      theme?: GisNsiRef;
      fiasHouseGuids?: Guid[];
      statuses?: GisStatusFilter[];
      /** IncludeHCSAppeals: also export appeals the system itself generated. */
      includeHcsAppeals?: boolean;
    }
  | { by: 'appealGuid'; appealGuids: Guid[] }
  | { by: 'appealNumber'; appealNumbers: string[]; includeHcsAppeals?: boolean };

// ---------------------------------------------------------------------------------------------
// Exported appeal (exportAppealResultType)
// ---------------------------------------------------------------------------------------------

export interface GisApplicantContacts {
  postAddress?: string;
  apartmentNumber?: string;
  email?: string;
  phone?: string;
}

/** ApplicantType: a person, an organisation from the registry, or `HCS` (made by ГИС itself). */
export type GisApplicant =
  | ({
      kind: 'person';
      surname: string;
      firstName: string;
      patronymic?: string;
    } & GisApplicantContacts)
  | ({ kind: 'organization'; orgRootEntityGuid: Guid } & GisApplicantContacts)
  | { kind: 'hcs' };

/** AppealTopic (directory 220) or AnotherTopic (free text). */
export type GisTopic = ({ kind: 'nsi' } & GisNsiRef) | { kind: 'other'; text: string };

export type GisAssessmentResult = 'received' | 'partly-received' | 'not-satisfied';

export type GisHistoryEvent =
  | {
      kind: 'answer';
      answerGuid?: Guid;
      answerNumber?: string;
      sentOn?: IsoDate;
      answererGuid: Guid;
      text: string;
      attachments: GisAttachmentRef[];
      isSent: boolean;
    }
  | {
      kind: 'redirected';
      receiverOrgGuid: Guid;
      comment?: string;
      attachments: GisAttachmentRef[];
      answererGuid?: Guid;
    }
  | {
      kind: 'rolled-over';
      executionDate: IsoDate;
      comment: string;
      attachments: GisAttachmentRef[];
      answererGuid: Guid;
    }
  | { kind: 'answer-not-required'; cause: string }
  | { kind: 'assessment'; result: GisAssessmentResult; comment?: string }
  /** ChangeDate without details. */
  | { kind: 'change' };

export interface GisHistoryEntry {
  changedOn: IsoDate;
  organizationGuid?: Guid;
  event: GisHistoryEvent;
}

export interface GisAppeal {
  appealGuid: Guid;
  parentAppealGuid?: Guid;
  /** Registration number assigned by ГИС ЖКХ. */
  appealNumber: string;
  /** AppealCreateDate. */
  createdOn: IsoDate;
  applicant: GisApplicant;
  topic: GisTopic;
  fiasHouseGuid?: Guid;
  oktmo: { code: string; name?: string };
  text: string;
  attachments: GisAttachmentRef[];
  /** The performer currently assigned in ГИС ЖКХ. */
  answererGuid?: Guid;
  history: GisHistoryEntry[];
  status: GisAppealStatus;
  /** `Redirected` (to an organisation in ГИС) or `RedirectedIsNotHCS`. */
  redirected?: 'hcs' | 'not-hcs';
  rolledOver: boolean;
  answerIsNotRequired: boolean;
  /** AppealWithdrawn: present when the applicant withdrew the appeal. */
  withdrawn?: { comment?: string };
  fromMobile: boolean;
  /** Computed by ГИС ЖКХ from the legal acts; an upper bound on our own due date. */
  executionEndDate?: IsoDate;
  npaRequirements?: string;
  /** Planned execution date set when the performer was first assigned. */
  dateOfAppointment?: IsoDate;
  collective: boolean;
  neighbours: GisApplicant[];
}

// ---------------------------------------------------------------------------------------------
// importAnswerRequest
// ---------------------------------------------------------------------------------------------

/** Every action names its appeal either by AppealGUID or by AppealNumber (an xs:choice). */
export type GisAppealRef = { appealGuid: Guid } | { appealNumber: string };

interface GisActionBase {
  /**
   * TransportGUID of the action: results come back keyed by it. Derive it from our own event id
   * (see `transportGuidFor`) so that a resend after a crash maps to the same outbox row.
   */
  transportGuid: Guid;
  appeal: GisAppealRef;
}

export interface GisAnswerInput {
  /** TransportGUID of the `Answer` element itself (distinct from the AnswerAction's). */
  transportGuid: Guid;
  /** Set when changing or sending an answer created earlier. */
  answerGuid?: Guid;
  answererGuid: Guid;
  /** LoadAnswer: create or replace the answer text and files. */
  load?: {
    text: string;
    attachments?: GisAttachmentRef[];
    signedAttachments?: GisSignedAttachmentRef[];
  };
  /** SendAnswer: publish the answer to the applicant. */
  send?: boolean;
}

/**
 * One action we mirror to ГИС ЖКХ. `answer` becomes an AnswerAction; all others become an
 * AppealAction with exactly one of its optional children.
 */
export type GisImportAction =
  /** AppealAction/Performer */
  | (GisActionBase & { kind: 'assign-performer'; answererGuid: Guid; dateOfAppointment?: IsoDate })
  /** AppealAction/RollOverAppeal */
  | (GisActionBase & {
      kind: 'roll-over';
      answererGuid: Guid;
      executionDate: IsoDate;
      comment: string;
      attachments?: GisAttachmentRef[];
    })
  /** AppealAction/RedirectAppeal, one element per receiving organisation. */
  | (GisActionBase & {
      kind: 'redirect';
      answererGuid: Guid;
      receivers: Array<{
        orgRootEntityGuid: Guid;
        comment?: string;
        attachments?: GisAttachmentRef[];
      }>;
    })
  /** AppealAction/AnswerIsNotRequired: `cause` should cite the legal ground. */
  | (GisActionBase & { kind: 'answer-not-required'; answererGuid: Guid; cause: string })
  /** AppealAction/Executed: closes the appeal in ГИС ЖКХ. */
  | (GisActionBase & { kind: 'executed'; answererGuid: Guid })
  /** AnswerAction/Answer with LoadAnswer and/or SendAnswer. */
  | (GisActionBase & { kind: 'answer'; answer: GisAnswerInput });

export type GisImportActionKind = GisImportAction['kind'];

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/** `base:AckRequest`: the synchronous answer to exportAppeal and importAnswer. */
export interface GisAck {
  /** The identifier to poll getState with. */
  messageGuid: Guid;
  /** Echo of our RequestHeader/MessageGUID. */
  requesterMessageGuid: Guid;
}

export interface GisErrorMessage {
  code: string;
  description: string;
}

/** `base:CommonResultType`, one per TransportGUID of an importAnswerRequest. */
export type GisImportResult =
  | {
      transportGuid: Guid;
      ok: true;
      /** GUID of the object created/changed (AnswerGUID for an answer). */
      guid?: Guid;
      uniqueNumber?: string;
      updatedAt: string;
    }
  | { transportGuid: Guid; ok: false; guid?: Guid; errors: GisErrorMessage[] };

/** `base:AsyncRequestStateType`: 1 received, 2 processing, 3 done. */
export type GisRequestState = 1 | 2 | 3;

/** A parsed getStateResult. */
export interface GisStateResult {
  messageGuid: Guid;
  requestState: GisRequestState;
  /** ErrorMessage, except INT002012 which becomes `nothingToExport`. */
  error?: GisErrorMessage;
  /** ErrorMessage INT002012: the filter matched no appeals. Not a failure. */
  nothingToExport: boolean;
  appeals: GisAppeal[];
  importResults: GisImportResult[];
}
