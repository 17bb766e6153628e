import { Button, FileButton, Group, NumberInput, PasswordInput, Select, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import type { JsonSchema } from '../api/types.js';
import { fieldSchema, isKeyField, typeOf, type FormValues } from '../lib/schema.js';
import { humanize } from '../format.js';

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
                      <Button {...props} size="xs" variant="default">
                        Upload {label.toLowerCase()} file
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

