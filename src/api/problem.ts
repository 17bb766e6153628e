import { z } from 'zod';

/** RFC 9457 problem details: every error the API returns has this shape. */
export const ProblemSchema = z
  .object({
    type: z.string().describe('A URI naming the kind of problem (about:blank when the status says it all)'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z
      .array(
        z.object({
          path: z.string().describe('The field at fault, dotted (body.config.privateKey)'),
          message: z.string(),
          line: z.number().int().optional().describe('Policy sources: the line at fault (1-based)'),
          column: z.number().int().optional(),
        }),
      )
      .optional(),
    /** For a token without the scope a route needs. */
    requiredScope: z.string().optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;

/** Thrown by handlers and hooks to answer with a problem; the error handler renders it. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly errors?: Problem['errors'],
    readonly extra: { requiredScope?: string; retryAfterSeconds?: number } = {},
  ) {
    super(detail ?? title);
  }

  toProblem(): Problem {
    return {
      type: 'about:blank',
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      ...(this.extra.requiredScope ? { requiredScope: this.extra.requiredScope } : {}),
    };
  }
}

export const unauthorized = (detail = 'Sign in, or send an API token as `Authorization: Bearer <token>`.') => new ApiProblem(401, 'Unauthorized', detail);
export const forbidden = (detail: string, requiredScope?: string) => new ApiProblem(403, 'Forbidden', detail, undefined, requiredScope ? { requiredScope } : {});
export const notFound = (detail: string) => new ApiProblem(404, 'Not Found', detail);
export const invalid = (path: string, message: string) => new ApiProblem(422, 'Unprocessable Content', `${path}: ${message}`, [{ path, message }]);

/** The problem responses every route may answer with, for its OpenAPI entry. */
export const problemResponses = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  413: ProblemSchema,
  422: ProblemSchema,
  429: ProblemSchema,
  500: ProblemSchema,
} as const;
