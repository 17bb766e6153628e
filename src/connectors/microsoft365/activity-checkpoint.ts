import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';

const Iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO time');

/** One content type's progress: listed up to `end`; every blob already read that Microsoft still lists. */
const FeedStateSchema = z.object({
  end: Iso,
  /** contentId -> contentCreated (ISO), for every blob read that is younger than Microsoft's 7 days. */
  seen: z.record(z.string(), Iso).default({}),
  /** When the whole 7-day range was last re-listed for late blobs. */
  sweptAt: Iso.optional(),
  /** Blobs listed but gone (expired) before they could be read: their records are lost. */
  lostBlobs: z.number().int().nonnegative().optional(),
});

/** Sign-in log progress: read up to `end`; ids already read inside the recent re-read. */
const SignInStateSchema = z.object({
  end: Iso,
  seen: z.array(z.string()).default([]),
  /** When the last days were last re-read for sign-ins that showed up late. */
  sweptAt: Iso.optional(),
});

/**
 * The activities stream's checkpoint: a JSON document with one window state per Management API content
 * type and one per sign-in log. It is committed with every page, so a crash resumes where it stopped.
 */
export const ActivityCheckpointSchema = z.object({
  v: z.literal(1),
  feeds: z.record(z.string(), FeedStateSchema).default({}),
  signIns: SignInStateSchema.optional(),
  nonInteractiveSignIns: SignInStateSchema.optional(),
});

export type ActivityCheckpoint = z.infer<typeof ActivityCheckpointSchema>;
export type FeedState = z.infer<typeof FeedStateSchema>;
export type SignInState = z.infer<typeof SignInStateSchema>;

export function emptyCheckpoint(): ActivityCheckpoint {
  return { v: 1, feeds: {} };
}

/** Reads a stored checkpoint; null means first sync. A damaged one is refused rather than silently reset. */
export function parseActivityCheckpoint(text: string | null): ActivityCheckpoint {
  if (text === null || text === '') return emptyCheckpoint();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ValidationError('Microsoft 365 activities: the stored checkpoint is not JSON. Reset the stream\'s checkpoint to read the last 7 days again.', [], { cause: error });
  }
  const parsed = ActivityCheckpointSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(
      'Microsoft 365 activities: the stored checkpoint does not have the expected shape. Reset the stream\'s checkpoint to read the last 7 days again.',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  }
  return parsed.data;
}

export function serializeCheckpoint(checkpoint: ActivityCheckpoint): string {
  return JSON.stringify(checkpoint);
}
