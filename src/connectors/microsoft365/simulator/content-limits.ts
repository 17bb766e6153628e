/** Records per content blob the simulator serves by default (and at most): the activity stream's largest page. */
export const DEFAULT_RECORDS_PER_BLOB = 100;
