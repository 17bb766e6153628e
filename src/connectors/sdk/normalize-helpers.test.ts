import { describe, expect, it } from 'vitest';
import { isSwitchedOff } from './normalize-helpers.js';

describe('isSwitchedOff', () => {
  it('reads every way Slack and Zoom say a requirement was dropped, and nothing else', () => {
    const off = [false, 0, 'false', 'OFF', '0', 'no', 'None', 'disabled', 'disable', 'optional', 'not_required', 'Not Required', 'notrequired', 'unchecked', ' off '];
    const notOff = [true, 1, 'true', 'on', 'required', 'enabled', 'checked', 'all_users', 'admins_only', '', null, undefined, {}, ['false'], 'offline', 'not off'];
    expect(off.filter((v) => !isSwitchedOff(v))).toEqual([]);
    expect(notOff.filter((v) => isSwitchedOff(v))).toEqual([]);
  });
});
