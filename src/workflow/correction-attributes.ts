import type { Appeal } from '../appeals/appeal.entity';
import type { FieldError } from '../common/errors/app-error';
import type { AttributeValue } from '../departments/topic-attributes';
import type { Topic } from '../departments/topic.entity';
import { stableStringify } from '../common/stable-json';
import { checkAttributes } from '../rules/topic-attributes.rule';

const isAttributeIssue = (e: FieldError): boolean => e.field.startsWith('attributes.');
const same = (a: unknown, b: unknown): boolean => stableStringify(a) === stableStringify(b);

export interface AttributesRecheck {
  set: Partial<Pick<Appeal, 'attributes' | 'validationIssues'>>;
  changes: { field: string; from: unknown; to: unknown }[];
}

/**
 * A topic correction re-checks the stored `attributes` against the new topic's definitions
 * (docs/topics.md). A correction is staff work on a registered appeal, so nothing is refused:
 * the values are kept (normalised where they now parse, as written where they do not), the
 * attribute issues of the old topic are replaced by those of the new one, and the history's
 * `corrected` event for `validationIssues` says what no longer fits. Pure: data in, changes out.
 * `issues` are the appeal's issues as the correction has them so far (another field may have
 * changed them in the same PATCH).
 */
export function recheckAttributes(
  appeal: Pick<Appeal, 'attributes'>,
  topic: Pick<Topic, 'attributes'> | null,
  issues: readonly FieldError[],
): AttributesRecheck {
  const verdict = checkAttributes(topic?.attributes ?? [], appeal.attributes ?? {});
  const out: AttributesRecheck = { set: {}, changes: [] };
  const attributes = {
    ...(verdict.invalid as Record<string, AttributeValue>),
    ...verdict.values,
  };
  if (!same(attributes, appeal.attributes ?? {})) {
    out.set.attributes = attributes;
    out.changes.push({ field: 'attributes', from: appeal.attributes ?? {}, to: attributes });
  }
  const next = [...issues.filter((e) => !isAttributeIssue(e)), ...verdict.issues];
  if (!same(next, issues)) {
    out.set.validationIssues = next;
    out.changes.push({
      field: 'validationIssues',
      from: issues.filter(isAttributeIssue),
      to: verdict.issues,
    });
  }
  return out;
}
