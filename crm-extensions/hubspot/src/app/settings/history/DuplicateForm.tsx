import React, { useState } from 'react';
import { Button, Flex, Input } from '@hubspot/ui-extensions';
import type { AuthoringResult } from '../../common/admin';
import { duplicate } from '../../common/authoringApi';
import { errorMessage, hubspotFetch } from '../../common/loaded';

/** "Duplicate as new": the safe way to change the criteria of a definition that has members. */
export function DuplicateForm(props: { definitionKey: string; onDone: (r: AuthoringResult, message: string) => void; onError: (message: string) => void }) {
  const [newKey, setNewKey] = useState(`${props.definitionKey}_v2`);
  const run = () =>
    duplicate(hubspotFetch, props.definitionKey, newKey).then(
      (o) => (o.kind === 'ok' ? props.onDone(o.result, `${props.definitionKey} duplicated as ${newKey}.`) : props.onError(o.message)),
      (e: unknown) => props.onError(errorMessage(e)),
    );
  return (
    <Flex gap="xs" align="end">
      <Input name="duplicate-key" label="Duplicate as new key" value={newKey} onChange={setNewKey} testId="duplicate-key" />
      <Button variant="secondary" onClick={run} testId="duplicate-run">
        Duplicate as new
      </Button>
    </Flex>
  );
}
