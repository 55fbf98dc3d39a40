import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import { clean, cleanName } from '../common/normalize';
import { APPLICANT_TYPES, type ApplicantType } from './appeal.enums';

/**
 * The other signatories of a collective appeal (59-ФЗ ст. 4 п. 1 «коллективное обращение»): a
 * paper letter signed by several residents, or ГИС ЖКХ's NeighbourInfo. The applicant stays the
 * one named first; the answer is addressed to them (and each co-applicant with an e-mail gets a
 * copy). Stored as given, only what is known.
 */
export interface CoApplicant {
  type: ApplicantType;
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
  organizationName: string | null;
  email: string | null;
  phone: string | null;
  postalAddress: string | null;
}

/** A residents' letter is signed by a house or a block at most; more is an input error. */
export const MAX_CO_APPLICANTS = 100;

/**
 * The name a signatory of this type must give (59-ФЗ ст. 7 ч. 1: a written appeal names its
 * author): required and non-blank for that type, optional otherwise; one error either way.
 */
function NameOf(type: ApplicantType, max: number, message: string): PropertyDecorator {
  return ValidateBy({
    name: 'coApplicantName',
    validator: {
      validate: (v: unknown, args?: ValidationArguments) => {
        const own = ((args?.object as CoApplicantDto | undefined)?.type ?? 'individual') === type;
        if (v === undefined || v === null) return !own;
        return typeof v === 'string' && v.length <= max && (!own || /\S/.test(v));
      },
      defaultMessage: () => message,
    },
  });
}

/** One signatory in POST /appeals (`coApplicants`): a person needs a last name, an organisation its name. */
export class CoApplicantDto {
  @ApiPropertyOptional({ enum: APPLICANT_TYPES, default: 'individual' })
  @IsOptional()
  @IsIn(APPLICANT_TYPES)
  type?: ApplicantType;

  @ApiPropertyOptional({ example: 'Иванов', description: 'required for a person' })
  @NameOf('individual', 100, 'Укажите фамилию соавтора (до 100 символов)')
  lastName?: string | null;

  @ApiPropertyOptional({ example: 'Пётр' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  firstName?: string | null;

  @ApiPropertyOptional({ example: 'Ильич' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  middleName?: string | null;

  @ApiPropertyOptional({ example: 'ТСЖ «Садовая, 5»', description: 'required for an organisation' })
  @NameOf('legal_entity', 500, 'Укажите наименование организации-соавтора (до 500 символов)')
  organizationName?: string | null;

  @ApiPropertyOptional({ example: 'ivanov@example.ru', description: 'gets a copy of the answer' })
  @IsOptional()
  @IsEmail({}, { message: 'Некорректный адрес электронной почты' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ example: '+7 912 345-67-89' })
  @IsOptional()
  @Matches(/^[0-9+()\-\s.]{5,30}$/, { message: 'Некорректный номер телефона' })
  phone?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  postalAddress?: string | null;
}

/** A co-applicant as the appeal shows it. */
export class CoApplicantViewDto {
  @ApiProperty({ enum: APPLICANT_TYPES }) type: ApplicantType;
  @ApiProperty({ nullable: true, type: String }) lastName: string | null;
  @ApiProperty({ nullable: true, type: String }) firstName: string | null;
  @ApiProperty({ nullable: true, type: String }) middleName: string | null;
  @ApiProperty({ nullable: true, type: String }) organizationName: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) postalAddress: string | null;
}

type CoApplicantInput = Partial<Record<keyof CoApplicant, string | null>> & {
  type?: ApplicantType;
};

/** As stored: trimmed, unknown fields null, in the order given. */
export function toCoApplicants(
  input: readonly CoApplicantInput[] | null | undefined,
): CoApplicant[] {
  return (input ?? []).map((c) => ({
    type: c.type ?? 'individual',
    lastName: cleanName(c.lastName),
    firstName: cleanName(c.firstName),
    middleName: cleanName(c.middleName),
    organizationName: cleanName(c.organizationName),
    email: clean(c.email),
    phone: clean(c.phone),
    postalAddress: clean(c.postalAddress),
  }));
}

/** «Фамилия Имя Отчество», or the organisation's name. */
export function coApplicantName(c: CoApplicant): string {
  if (c.type === 'legal_entity' && c.organizationName) return c.organizationName;
  return [c.lastName, c.firstName, c.middleName].filter(Boolean).join(' ') || '—';
}

/** «Соавторы: …» on printed forms; null when the appeal is not collective. */
export function coApplicantsLine(cs: readonly CoApplicant[]): string | null {
  return cs.length > 0 ? cs.map(coApplicantName).join('; ') : null;
}

/**
 * Who gets a copy of the answer by e-mail: each co-applicant who gave an address, once per
 * address (compared case-insensitively), and never the applicant's own address, which the
 * answer itself reaches.
 */
export function coApplicantEmails(
  cs: readonly CoApplicant[],
  applicantEmail: string | null,
): { email: string; coApplicant: CoApplicant }[] {
  const seen = new Set<string>(applicantEmail ? [applicantEmail.toLowerCase()] : []);
  const out: { email: string; coApplicant: CoApplicant }[] = [];
  for (const c of cs) {
    const key = c.email?.toLowerCase();
    if (!c.email || !key || seen.has(key)) continue;
    seen.add(key);
    out.push({ email: c.email, coApplicant: c });
  }
  return out;
}
