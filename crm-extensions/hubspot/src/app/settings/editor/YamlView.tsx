import React from 'react';
import { Alert, Flex, Text, TextArea } from '@hubspot/ui-extensions';
import type { YamlError } from '../model/definition';

/** The definition as YAML, with each error shown at its line: the line number, the line itself and the message. */
export function YamlView(props: { text: string; errors: YamlError[]; readOnly: boolean; onChange: (text: string) => void }) {
  const lines = props.text.split('\n');
  const first = props.errors[0];
  return (
    <Flex direction="column" gap="xs">
      <TextArea
        name="yaml"
        label="YAML"
        rows={Math.min(30, Math.max(8, lines.length + 1))}
        value={props.text}
        readOnly={props.readOnly}
        onChange={props.onChange}
        error={props.errors.length > 0}
        validationMessage={first ? `Line ${first.line}: ${first.message}` : undefined}
        testId="yaml-text"
      />
      {props.errors.length > 0 && (
        <Alert title={`${props.errors.length} error${props.errors.length === 1 ? '' : 's'}: nothing was stored`} variant="danger" testId="yaml-errors">
          {props.errors.map((e, i) => (
            <Flex key={i} direction="column" testId={`yaml-error-${e.line}`}>
              <Text format={{ fontWeight: 'demibold' }}>
                Line {e.line}, column {e.column}: {e.message}
              </Text>
              <Text variant="microcopy">
                {e.line} | {lines[e.line - 1] ?? ''}
              </Text>
              <Text variant="microcopy">
                {' '.repeat(String(e.line).length + 3 + Math.max(0, e.column - 1))}^
              </Text>
            </Flex>
          ))}
        </Alert>
      )}
    </Flex>
  );
}
