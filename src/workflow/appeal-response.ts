import type { Response } from 'express';
import { etagOf, type AppealDto } from '../appeals/appeal.dto';
import type { Appeal } from '../appeals/appeal.entity';
import type { AppealsService } from '../appeals/appeals.service';

/** An action's answer: the changed appeal, with its new ETag for the next `If-Match`. */
export function appealResponse(
  res: Response,
  appeals: AppealsService,
  appeal: Appeal,
): Promise<AppealDto> {
  res.setHeader('ETag', etagOf(appeal));
  return appeals.toDto(appeal);
}
