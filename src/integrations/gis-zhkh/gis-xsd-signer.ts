import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Signer } from './gis-client';
import { GisError } from './gis-error';
import { GisXsdValidator, summarizeXsdProblems } from './gis-xsd-validator';

/** GisError code of a message our own code built against the schema (issue 21 item 6). */
export const XSD_INVALID = 'XSD_INVALID';

/**
 * A Signer that validates the envelope against the ГИС ЖКХ XSD first: a message that cannot be
 * valid is never signed and never reaches ГИС ЖКХ (which would refuse it with an opaque fault).
 * The error carries the elements and rules broken, never the message's content.
 */
export function validating(signer: Signer, validator: GisXsdValidator): Signer {
  return {
    async sign(xml: string): Promise<string> {
      const problems = await validator.validateEnvelope(xml);
      if (problems.length > 0) {
        throw new GisError('invalid-request', XSD_INVALID, summarizeXsdProblems(problems));
      }
      return signer.sign(xml);
    },
  };
}

export const isXsdInvalid = (e: unknown): e is GisError =>
  e instanceof GisError && e.code === XSD_INVALID;

/** The signer the sync uses: the bound one, behind XSD validation unless switched off. */
export const GIS_OUTGOING_SIGNER = Symbol('GIS_OUTGOING_SIGNER');

/**
 * Providers of the validator and of GIS_OUTGOING_SIGNER, wrapping whatever is bound under
 * `signerToken` (GIS_SIGNER): the signer's factory need not know about validation.
 */
export const gisValidationProviders = (signerToken: symbol): Provider[] => [
  { provide: GisXsdValidator, useValue: new GisXsdValidator() },
  {
    provide: GIS_OUTGOING_SIGNER,
    inject: [signerToken, GisXsdValidator, APP_CONFIG],
    useFactory: (signer: Signer, validator: GisXsdValidator, config: AppConfig): Signer =>
      // GIS_ZHKH_VALIDATE_OUTGOING=false: an emergency switch, e.g. for a schema ГИС changed.
      config.gis.validateOutgoing ? validating(signer, validator) : signer,
  },
];
