import { Button, FileButton, Group, NumberInput, PasswordInput, Select, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import type { JsonSchema } from '../api/types.js';
import { humanize } from '../format.js';

export type FormValues = Record<string, unknown>;

/** The first non-null branch of anyOf/oneOf (zod's optional/nullable fields come out that way). */
export function fieldSchema(schema: JsonSchema): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (!branches) return schema;
  const concrete = branches.find((b) => b.type !== 'null') ?? branches[0] ?? {};
  return { ...concrete, ...(schema.description ? { description: schema.description } : {}), ...(schema.default !== undefined ? { default: schema.default } : {}) };
}

function typeOf(schema: JsonSchema): string {
  return Array.isArray(schema.type) ? (schema.type.find((t) => t !== 'null') ?? 'string') : (schema.type ?? 'string');
}

/** Keys and certificates arrive as files: a multi-line text with an upload button. */
export function isKeyField(name: string): boolean {
  return /privatekey|certificate|pem|keyfile/i.test(name);
}

export function defaultsOf(schema: JsonSchema): FormValues {
  const values: FormValues = {};
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const field = fieldSchema(raw);
    if (field.default !== undefined) values[name] = field.default;
  }
  return values;
}

/** Drops empty optional fields and turns number inputs into numbers, so the server's schema sees what a CLI user would send. */
export function cleanValues(schema: JsonSchema, values: FormValues): FormValues {
  const out: FormValues = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === '' || value === undefined || value === null) continue;
    const field = schema.properties?.[name];
    const type = field ? typeOf(fieldSchema(field)) : 'string';
    out[name] = (type === 'integer' || type === 'number') && typeof value === 'string' ? Number(value) : value;
  }
  return out;
}

interface SchemaFormProps {
  schema: JsonSchema;
  secretFields: string[];
  values: FormValues;
  errors: Record<string, string>;
  onChange(values: FormValues): void;
  /** Fields not to show (e.g. set by the wizard itself). */
  hidden?: string[];
}

/** A form generated from a connector type's JSON Schema: labels, help, required marks, enums, secrets, key uploads. */
export function SchemaForm({ schema, secretFields, values, errors, onChange, hidden = [] }: SchemaFormProps) {
  const required = new Set(schema.required ?? []);
  const secrets = new Set(secretFields);
  const set = (name: string, value: unknown) => onChange({ ...values, [name]: value });
  return (
    <Stack gap="sm">
      {Object.entries(schema.properties ?? {})
        .filter(([name]) => !hidden.includes(name))
        .map(([name, raw]) => {
          const field = fieldSchema(raw);
          const label = field.title ?? humanize(name);
          const common = {
            label,
            description: field.description,
            required: required.has(name),
            error: errors[name],
            name,
          };
          const value = values[name];
          const type = typeOf(field);
          if (field.enum) {
            return (
              <Select
                key={name}
                {...common}
                data={field.enum.map((v) => ({ value: String(v), label: String(v) }))}
                value={value === undefined ? null : String(value)}
                onChange={(v) => set(name, v ?? undefined)}
                allowDeselect={!required.has(name)}
              />
            );
          }
          if (type === 'boolean') {
            return <Switch key={name} label={label} description={field.description} checked={Boolean(value)} onChange={(e) => set(name, e.currentTarget.checked)} />;
          }
          if (type === 'integer' || type === 'number') {
            return (
              <NumberInput
                key={name}
                {...common}
                value={typeof value === 'number' ? value : ''}
                min={field.minimum}
                max={field.maximum}
                allowDecimal={type === 'number'}
                onChange={(v) => set(name, v === '' ? undefined : Number(v))}
              />
            );
          }
          if (secrets.has(name) && isKeyField(name)) {
            const text = typeof value === 'string' ? value : '';
            return (
              <Stack key={name} gap={4}>
                <Textarea
                  {...common}
                  autosize
                  minRows={3}
                  maxRows={6}
                  placeholder="-----BEGIN RSA PRIVATE KEY----- … (paste, or upload the key file)"
                  value={text}
                  onChange={(e) => set(name, e.currentTarget.value)}
                  styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
                  autoComplete="off"
                  spellCheck={false}
                />
                <Group gap="xs">
                  <FileButton onChange={(file) => file && void file.text().then((t) => set(name, t))} accept=".pem,.key,.txt,application/x-pem-file">
                    {(props) => (
                      <Button {...props} size="xs" variant="default" aria-label={`Upload ${label} file`}>
                        Upload key file
                      </Button>
                    )}
                  </FileButton>
                  <Text size="xs" c="dimmed">
                    Secret: stored encrypted, never shown again.
                  </Text>
                </Group>
              </Stack>
            );
          }
          if (secrets.has(name)) {
            return <PasswordInput key={name} {...common} autoComplete="off" value={typeof value === 'string' ? value : ''} onChange={(e) => set(name, e.currentTarget.value)} />;
          }
          return (
            <TextInput
              key={name}
              {...common}
              type={field.format === 'uri' ? 'url' : 'text'}
              value={typeof value === 'string' ? value : value === undefined ? '' : String(value)}
              onChange={(e) => set(name, e.currentTarget.value)}
              spellCheck={false}
            />
          );
        })}
    </Stack>
  );
}

/** Problem-details paths ("/config/privateKey", "config.privateKey", "privateKey") → the form field. */
export function fieldErrors(errors: { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const parts = e.path.split(/[/.]/).filter((p) => p && p !== 'body');
    const field = parts[0] === 'config' ? parts[1] : parts[0];
    if (field && !out[field]) out[field] = e.message;
  }
  return out;
}
