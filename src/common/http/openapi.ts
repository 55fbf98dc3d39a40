import { applyDecorators, type INestApplication, type Type } from '@nestjs/common';
import { GUARDS_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import {
  ApiExtraModels,
  ApiHeader,
  ApiResponse,
  DocumentBuilder,
  SwaggerModule,
  getSchemaPath,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ResponseObject,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ALLOW_CLIENTS, IS_PUBLIC, ROLES } from '../auth/auth.decorators';
import { ErrorCode, describeErrorCode } from '../errors/error-codes';
import { FieldErrorDto, ProblemDto } from '../errors/problem.dto';

const PROBLEM_JSON = 'application/problem+json';
const API_PROBLEMS = 'openapi:problems';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** What a route that takes files answers for a bad one (src/attachments/screen-files.ts). */
export const ATTACHMENT_PROBLEMS = [
  ErrorCode.ATTACHMENT_TOO_LARGE,
  ErrorCode.ATTACHMENT_LIMIT_EXCEEDED,
  ErrorCode.ATTACHMENT_TYPE_NOT_ALLOWED,
  ErrorCode.ATTACHMENT_EMPTY,
  ErrorCode.ATTACHMENT_NAME_INVALID,
] as const;

/**
 * Error codes a route answers besides those every route of its kind does (see commonCodes):
 * the not-found of what it looks up, its conflicts. Method or class; repeated uses add up.
 */
export function ApiProblems(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const where = (descriptor?.value ?? target) as object;
    const before = (Reflect.getMetadata(API_PROBLEMS, where) as ErrorCode[] | undefined) ?? [];
    Reflect.defineMetadata(API_PROBLEMS, [...before, ...codes], where);
  };
}

/**
 * The optional If-Match of a change to an appeal (SPEC §14). Named as the handler reads it
 * (`@Headers('if-match')`), so Swagger merges the two into one optional parameter instead of
 * adding the reflected one as required.
 */
export const ApiIfMatch = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'if-match',
      required: false,
      description:
        'The ETag of the appeal as last read: the change is made only if nobody changed it since ' +
        '(412 PRECONDITION_FAILED otherwise). Without it the change is made unconditionally.',
    }),
    ApiProblems(ErrorCode.PRECONDITION_FAILED),
  );

/** `{ items: T[] }`, or with `paged` the cursor page `{ items: T[], nextCursor }`. */
export const ApiItems = (
  model: Type,
  opts: { status?: 200 | 201; paged?: boolean; description?: string } = {},
): MethodDecorator =>
  applyDecorators(
    ApiExtraModels(model),
    ApiResponse({
      status: opts.status ?? 200,
      description: opts.description ?? (opts.paged ? 'one page' : 'all of them'),
      schema: {
        type: 'object',
        required: opts.paged ? ['items', 'nextCursor'] : ['items'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(model) } },
          ...(opts.paged
            ? {
                nextCursor: {
                  type: 'string',
                  nullable: true,
                  description: 'pass it back as `cursor` for the next page; null on the last',
                },
              }
            : {}),
        },
      },
    }),
  );

/** What the guards and decorators of one handler say, for the responses they imply. */
export interface RouteFacts {
  isPublic: boolean;
  allowClients: boolean;
  roles: string[];
  throttled: boolean;
  codes: ErrorCode[];
}

/** Facts of every route handler, keyed as Swagger's default operationId: `Class_method`. */
export function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as Type | null;
      if (!cls) continue;
      const proto = cls.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        // As Reflector.getAllAndOverride reads them for the guards: the handler's, else the class's.
        const meta = <T>(key: string): T | undefined =>
          (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, cls)) as T | undefined;
        const guards = [
          ...((Reflect.getMetadata(GUARDS_METADATA, cls) as unknown[] | undefined) ?? []),
          ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? []),
        ];
        facts.set(`${cls.name}_${name}`, {
          isPublic: meta<boolean>(IS_PUBLIC) === true,
          allowClients: meta<boolean>(ALLOW_CLIENTS) === true,
          roles: meta<string[]>(ROLES) ?? [],
          throttled: guards.some(isThrottler),
          codes: [
            ...((Reflect.getMetadata(API_PROBLEMS, cls) as ErrorCode[] | undefined) ?? []),
            ...((Reflect.getMetadata(API_PROBLEMS, handler) as ErrorCode[] | undefined) ?? []),
          ],
        });
      }
    }
  }
  return facts;
}

/** The throttler's guard or one derived from it (RateLimitGuard). */
const isThrottler = (guard: unknown): boolean =>
  typeof guard === 'function' &&
  (guard === ThrottlerGuard || guard.prototype instanceof ThrottlerGuard);

/**
 * The codes an operation may answer by its shape alone: any request may meet a fault, and any
 * but the probes a stopping instance (LifecycleService); credentials, roles, a body, parameters
 * and rate limits each add theirs.
 */
export function commonCodes(
  path: string,
  op: OperationObject,
  facts: RouteFacts | undefined,
): ErrorCode[] {
  const codes = [ErrorCode.INTERNAL_ERROR];
  if (!path.startsWith('/health')) codes.push(ErrorCode.SERVICE_UNAVAILABLE);
  const secured = facts
    ? !facts.isPublic
    : (op.security ?? []).some((r) => Object.keys(r).length > 0);
  if (secured) codes.push(ErrorCode.UNAUTHENTICATED);
  // RolesGuard: an API key is refused where clients are not allowed, staff without the role.
  if (facts && !facts.isPublic && (!facts.allowClients || facts.roles.length > 0)) {
    codes.push(ErrorCode.FORBIDDEN);
  }
  if (facts?.throttled) codes.push(ErrorCode.RATE_LIMITED);
  const body = op.requestBody && 'content' in op.requestBody ? op.requestBody.content : null;
  if (body) {
    codes.push(
      ErrorCode.PAYLOAD_TOO_LARGE,
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      ErrorCode.VALIDATION_FAILED,
    );
    if (body['application/json']) codes.push(ErrorCode.MALFORMED_JSON);
    if (body['multipart/form-data']) codes.push(ErrorCode.MALFORMED_MULTIPART);
  }
  const params = (op.parameters ?? []).filter((p): p is ParameterObject => 'in' in p);
  if (params.some((p) => p.in === 'query' || p.in === 'path')) {
    codes.push(ErrorCode.VALIDATION_FAILED);
  }
  if (params.some((p) => p.in === 'query' && p.name === 'cursor')) {
    codes.push(ErrorCode.INVALID_CURSOR);
  }
  return codes;
}

/**
 * Every error response of every operation as what ProblemFilter sends: application/problem+json
 * with the Problem schema, one response per status listing the codes it may carry. Error
 * responses declared otherwise (Terminus' 503 of /health/ready) are replaced: the filter answers
 * them all.
 */
export function documentProblems(doc: OpenAPIObject, facts: Map<string, RouteFacts>): void {
  const problem = doc.components?.schemas?.Problem;
  if (problem && !('$ref' in problem)) problem.additionalProperties = true;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const f = facts.get(op.operationId ?? '');
      const byStatus = new Map<number, Set<ErrorCode>>();
      for (const code of [...commonCodes(path, op, f), ...(f?.codes ?? [])]) {
        const { status } = describeErrorCode(code);
        byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
      }
      const responses: Record<string, ResponseObject> = {};
      const declaredErrors: Record<string, ResponseObject> = {};
      for (const [status, r] of Object.entries(op.responses)) {
        if (/^[45]\d\d$|^default$/.test(status)) declaredErrors[status] = r as ResponseObject;
        else responses[status] = r as ResponseObject;
      }
      const statuses = new Set([...byStatus.keys()].map(String));
      for (const s of Object.keys(declaredErrors)) statuses.add(s);
      for (const status of [...statuses].sort()) {
        const codes = [...(byStatus.get(Number(status)) ?? [])];
        responses[status] = {
          description:
            codes.length > 0
              ? codes.map((c) => `- \`${c}\`: ${describeErrorCode(c).title}`).join('\n')
              : declaredErrors[status].description,
          content: { [PROBLEM_JSON]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
        };
      }
      op.responses = responses;
    }
  }
}

/** The OpenAPI document served at /docs and /docs-json. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Appeals Desk API')
    .setDescription(
      'Регистрация и рассмотрение обращений, жалоб и претензий потребителей коммунальных услуг. ' +
        'Errors are RFC 9457 application/problem+json (schema `Problem`) with a stable `code`; ' +
        'each operation lists the codes it may answer.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, when it is set' },
      'metrics-token',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDto, FieldErrorDto],
  });
  documentProblems(document, routeFacts(app));
  return document;
}
