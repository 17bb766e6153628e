import type { ActivitiesTable } from '../schema.js';

/**
 * `JSON.stringify(rowToActivity(row))`, written straight from the stored row: the export's hot path. It
 * builds one string per row instead of an Activity with its nested objects and its parsed raw record (which
 * the export would only serialise again). The JSON columns (raw, targets, impersonator, service, ipFlags,
 * device) are spliced in as stored: they were written by `JSON.stringify` (activityToRow), whose output
 * parses and serialises back to the same text. Field order and values are rowToActivity's; the test in
 * activity-json.test.ts holds the two equal.
 */
export function activityRowJson(r: ActivitiesTable): string {
  return (
    `{"id":${text(r.id)},"connectorInstanceId":${text(r.connector_instance_id)},"provider":${text(r.provider)},"app":${text(r.app)}` +
    `,"tenantId":${text(r.tenant_id)},"sourceId":${text(r.source_id)},"time":${number(Number(r.time))},"originalTime":${text(r.original_time)}` +
    `,"ingestedAt":${number(Number(r.ingested_at))},"ocsf":{"classUid":${number(r.class_uid)},"activityId":${number(r.activity_id)},"categoryUid":${number(r.category_uid)}}` +
    `,"severityId":${number(r.severity_id)},"action":${text(r.action)},"eventType":${text(r.event_type)},"message":${text(r.message)}` +
    `,"outcome":${text(r.outcome)},"outcomeReason":${text(r.outcome_reason)},"outcomeCode":${text(r.outcome_code)}` +
    `,"actor":{"userId":${text(r.actor_user_id)},"email":${text(r.actor_email)},"name":${text(r.actor_name)},"type":${text(r.actor_type)}` +
    `,"isAdmin":${flag(r.actor_is_admin)},"appId":${text(r.actor_app_id)},"appName":${text(r.actor_app_name)}}` +
    `,"impersonator":${stored(r.impersonator)},"service":${stored(r.service)},"targets":${r.targets}` +
    `,"srcIp":${text(r.src_ip)},"srcPort":${number(r.src_port)},"ipVersion":${number(r.ip_version)}` +
    `,"geo":{"country":${text(r.geo_country)},"region":${text(r.geo_region)},"city":${text(r.geo_city)},"lat":${number(r.geo_lat)},"lon":${number(r.geo_lon)},"source":${text(r.geo_source)}}` +
    `,"asn":${number(r.asn)},"asOrg":${text(r.as_org)},"isp":${text(r.isp)},"ipFlags":${stored(r.ip_flags)},"userAgent":${text(r.user_agent)}` +
    `,"ua":{"os":${text(r.ua_os)},"browser":${text(r.ua_browser)},"device":${text(r.ua_device)}},"device":${stored(r.device)}` +
    `,"sessionId":${text(r.session_id)},"correlationId":${text(r.correlation_id)}` +
    `,"auth":{"mfa":${flag(r.auth_mfa)},"protocol":${text(r.auth_protocol)},"interactive":${flag(r.auth_interactive)},"method":${text(r.auth_method)}}` +
    `,"raw":${r.raw}}`
  );
}

/** A string or null, as JSON.stringify writes it. */
const text = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));
/** A number or null as JSON.stringify writes it (a non-finite number is null; whatever else a driver gives, as is). */
const number = (v: number | null): string => (typeof v === 'number' ? (Number.isFinite(v) ? String(v) : 'null') : (JSON.stringify(v) ?? 'null'));
/** rowToActivity's 0/1 flag. */
const flag = (v: number | null): string => (v === null ? 'null' : v === 1 ? 'true' : 'false');
/** A stored JSON text, or null. */
const stored = (v: string | null): string => (v === null ? 'null' : v);
