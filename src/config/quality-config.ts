/**
 * Utility-quality violation reports (issue 23; docs/quality-reports.md): where they go and how
 * long the inspection may take (ПП 354 п. 108: within 2 hours of the report unless another time
 * is agreed with the consumer).
 */
export interface QualityConfig {
  /** QUALITY_DISPATCH_DEPARTMENT_CODE: the department acting as the emergency dispatch service. */
  dispatchDepartmentCode: string;
  /** QUALITY_INSPECTION_HOURS: the inspection clock, hours from registration. */
  inspectionHours: number;
  /** QUALITY_INSPECTION_WARN_MINUTES: the sweep warns this long before the inspection is due. */
  inspectionWarnMinutes: number;
}

type Env = Record<string, string | undefined>;
type IntReader = (key: string, fallback: number, min: number, max: number) => number;

const DEPARTMENT_CODE = /^[a-z0-9][a-z0-9_-]{0,49}$/;

/** `QUALITY_*` from the environment; each bad value is added to `problems`. */
export function parseQualityConfig(env: Env, problems: string[], int: IntReader): QualityConfig {
  const code = env.QUALITY_DISPATCH_DEPARTMENT_CODE?.trim() || 'technical';
  if (!DEPARTMENT_CODE.test(code)) {
    problems.push(
      `QUALITY_DISPATCH_DEPARTMENT_CODE must be a department code (a-z, 0-9, _ and -), got "${code}"`,
    );
  }
  const inspectionHours = int('QUALITY_INSPECTION_HOURS', 2, 1, 72);
  const inspectionWarnMinutes = int('QUALITY_INSPECTION_WARN_MINUTES', 30, 1, 24 * 60);
  if (inspectionWarnMinutes >= inspectionHours * 60) {
    problems.push(
      'QUALITY_INSPECTION_WARN_MINUTES must be shorter than QUALITY_INSPECTION_HOURS, ' +
        `got ${inspectionWarnMinutes} minutes for ${inspectionHours} hours`,
    );
  }
  return { dispatchDepartmentCode: code, inspectionHours, inspectionWarnMinutes };
}
