import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { AlertResolution, AlertStatus } from '../api/types.js';
import { BENIGN_RESOLUTIONS } from '../../../src/core/benign-windows.js';

export const STATUS_OPTIONS: { value: AlertStatus; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'dismissed', label: 'Dismissed' },
];

/** The verdicts an analyst can give when closing, the usual one first (what the API assumes when none is given). */
const VERDICTS: Record<'resolved' | 'dismissed', { value: AlertResolution; label: string }[]> = {
  resolved: [
    { value: 'true_positive', label: 'True positive: a real threat, dealt with' },
    { value: 'benign_true_positive', label: 'Benign true positive: it happened, and it was expected' },
  ],
  dismissed: [
    { value: 'false_positive', label: 'False positive: the policy read it wrong' },
    { value: 'benign_true_positive', label: 'Benign true positive: it happened, and it was expected' },
  ],
};

const closing = (status: AlertStatus): status is 'resolved' | 'dismissed' => status === 'resolved' || status === 'dismissed';

/**
 * What the chosen verdict teaches the policy: the alert's own policy's words (`lesson`, from the API), or, for
 * several alerts at once, where to read each policy's.
 */
function VerdictLesson({ resolution, lesson }: { resolution: AlertResolution; lesson: string | null | undefined }) {
  let text: string;
  if (!BENIGN_RESOLUTIONS.includes(resolution)) text = 'A true positive teaches the policy nothing: such activity stays unusual and alerts again.';
  else if (lesson === undefined) text = 'A benign verdict teaches each alert’s policy what its page in the policy docs says under “Benign verdict”: some learn that such activity is usual for that person, the others learn nothing.';
  else if (lesson === null) return null;
  else text = `A benign verdict ${lesson}.`;
  return (
    <Text size="sm" c="dimmed" data-testid="verdict-lesson">
      {text}
    </Text>
  );
}

/** Asks for the new status, the verdict when closing, and the reason the audit log keeps with it. */
export function StatusChangeModal({
  opened,
  initial,
  count,
  busy,
  lesson,
  onClose,
  onSubmit,
}: {
  opened: boolean;
  initial: AlertStatus;
  count: number;
  busy: boolean;
  /** What a benign verdict teaches the alert's policy (one alert; null: nothing to say); undefined for several alerts. */
  lesson?: string | null;
  onClose(): void;
  onSubmit(status: AlertStatus, reason: string, resolution: AlertResolution | undefined): void;
}) {
  const [status, setStatus] = useState<AlertStatus>(initial);
  const [reason, setReason] = useState('');
  const [verdict, setVerdict] = useState<AlertResolution | null>(null);
  const verdicts = closing(status) ? VERDICTS[status] : [];
  // A verdict not offered for the status chosen falls back to that status's usual one.
  const resolution = verdicts.find((v) => v.value === verdict)?.value ?? verdicts[0]?.value;
  return (
    <Modal size="lg" closeButtonProps={{ "aria-label": "Close" }} opened={opened} onClose={onClose} title={count === 1 ? 'Change the alert’s status' : `Change the status of ${count} alerts`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(status, reason.trim(), resolution);
        }}
      >
        <Stack>
          <Select label="New status" data={STATUS_OPTIONS} value={status} onChange={(v) => v && setStatus(v as AlertStatus)} allowDeselect={false} />
          {resolution && (
            <Stack gap={4}>
              <Select label="Verdict" data={verdicts} value={resolution} onChange={(v) => v && setVerdict(v as AlertResolution)} allowDeselect={false} />
              <VerdictLesson resolution={resolution} lesson={lesson} />
            </Stack>
          )}
          <Textarea label="Reason" description="Kept in the alert’s history and the audit log." required minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!reason.trim()}>
              Change status
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
