import { defineCheck } from '../../sdk/define-check.js';
import { bool } from '../../sdk/normalize-helpers.js';
import { doc, NOT_COLLECTED } from './read-settings.js';

export default defineCheck({
  id: 'ZOOM-02',
  title: 'Meetings need a passcode or a waiting room',
  severity: 'high',
  rationale: 'A meeting with neither a passcode nor a waiting room can be joined by anyone who guesses or finds its ID: uninvited guests listen in on confidential meetings ("Zoombombing").',
  remediation: 'In Admin → Account Management → Account Settings → Meeting → Security, turn on the Waiting Room and "Require a passcode when scheduling new meetings", and lock both so users cannot turn them off.',
  reference: 'Zoom: meeting security settings (waiting_room, require_password_for_scheduled_meeting)',
  expected: 'waiting_room or require_password_for_scheduled_meeting on',
  requires: ['account:read:admin'],
  evaluate(settings) {
    const security = doc(settings, 'meeting_security');
    if (!security) return { status: 'not_applicable', evidence: NOT_COLLECTED };
    const waitingRoom = bool(security.waiting_room) === true;
    const passcode = bool(security.require_password_for_scheduled_meeting) === true;
    const details = { waitingRoom, passcode };
    if (waitingRoom && passcode) return { status: 'pass', evidence: 'Meetings have a waiting room and need a passcode.', details };
    if (waitingRoom || passcode) return { status: 'pass', evidence: `Meetings ${waitingRoom ? 'have a waiting room' : 'need a passcode'} (the ${waitingRoom ? 'passcode' : 'waiting room'} is off).`, details };
    return { status: 'fail', evidence: 'Meetings have neither a waiting room nor a required passcode: anyone with the meeting ID can join.', details };
  },
});
