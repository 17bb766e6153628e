import { defineCheck } from '../../sdk/define-check.js';
import { bool } from '../../sdk/normalize-helpers.js';
import { NOT_COLLECTED, section } from './read-settings.js';

export default defineCheck({
  id: 'ZOOM-03',
  title: 'Shared cloud recordings are protected',
  severity: 'medium',
  rationale: 'A shared cloud recording link without a passcode or sign-in can be opened by anyone it is forwarded to: board meetings and client calls leak with it.',
  remediation: 'In Account Settings → Recording, turn on "Require passcode to access shared cloud recordings" and "Only authenticated users can view cloud recordings", and lock them.',
  reference: 'Zoom: account recording settings (required_password_for_shared_cloud_recordings, recording_authentication)',
  expected: 'required_password_for_shared_cloud_recordings or recording_authentication on',
  requires: ['account:read:admin'],
  evaluate(settings) {
    const recording = section(settings, 'recording');
    if (!recording) return { status: 'not_applicable', evidence: NOT_COLLECTED };
    if (bool(recording.cloud_recording) === false) return { status: 'pass', evidence: 'Cloud recording is off for the account.' };
    const passcode = bool(recording.required_password_for_shared_cloud_recordings) === true;
    const signIn = bool(recording.recording_authentication) === true;
    const details = { passcode, signIn };
    if (passcode || signIn) return { status: 'pass', evidence: `Shared cloud recordings need ${[passcode ? 'a passcode' : null, signIn ? 'a signed-in viewer' : null].filter(Boolean).join(' and ')}.`, details };
    return { status: 'fail', evidence: 'Shared cloud recordings open for anyone with the link: neither a passcode nor sign-in is required.', details };
  },
});
