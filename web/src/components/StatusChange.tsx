import { Button, Group, Modal, Select, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { AlertStatus } from '../api/types.js';

export const STATUS_OPTIONS: { value: AlertStatus; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'dismissed', label: 'Dismissed' },
];

/** Asks for the new status and the reason the audit log keeps with it. */
export function StatusChangeModal({
  opened,
  initial,
  count,
  busy,
  onClose,
  onSubmit,
}: {
  opened: boolean;
  initial: AlertStatus;
  count: number;
  busy: boolean;
  onClose(): void;
  onSubmit(status: AlertStatus, reason: string): void;
}) {
  const [status, setStatus] = useState<AlertStatus>(initial);
  const [reason, setReason] = useState('');
  return (
    <Modal closeButtonProps={{ "aria-label": "Close" }} opened={opened} onClose={onClose} title={count === 1 ? 'Change the alert’s status' : `Change the status of ${count} alerts`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(status, reason.trim());
        }}
      >
        <Stack>
          <Select label="New status" data={STATUS_OPTIONS} value={status} onChange={(v) => v && setStatus(v as AlertStatus)} allowDeselect={false} />
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
