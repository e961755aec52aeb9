import React, { useState } from 'react';
import { Alert, Button, Flex, Text } from '@hubspot/ui-extensions';
import type { AuthoringResult } from '../../common/admin';
import { retire } from '../../common/authoringApi';
import { errorMessage, hubspotFetch } from '../../common/loaded';

/**
 * Retires an authored definition (DELETE), after a second click that says what retiring keeps. Refused while other
 * definitions depend on it: the refusal lists them.
 */
export function RetireButton({ definitionKey, onRetired }: { definitionKey: string; onRetired: (r: AuthoringResult) => void }) {
  const [step, setStep] = useState<{ kind: 'idle' } | { kind: 'confirm' } | { kind: 'refused'; message: string }>({ kind: 'idle' });
  const run = () =>
    retire(hubspotFetch, definitionKey).then(
      (o) => {
        if (o.kind === 'ok') onRetired(o.result);
        else if (o.kind === 'conflict' && o.dependants.length) setStep({ kind: 'refused', message: `Used by ${o.dependants.join(', ')}: retire or change those first.` });
        else setStep({ kind: 'refused', message: o.message });
      },
      (e: unknown) => setStep({ kind: 'refused', message: errorMessage(e) }),
    );
  return (
    <Flex direction="column" gap="xs">
      {step.kind === 'confirm' ? (
        <Alert title={`Retire ${definitionKey}?`} variant="warning" testId="retire-confirm">
          <Text>It is no longer evaluated. Its memberships, transitions and the CRM properties generated for it are kept.</Text>
          <Button variant="destructive" onClick={run} testId="retire-run">
            Retire
          </Button>
        </Alert>
      ) : (
        <Button variant="destructive" onClick={() => setStep({ kind: 'confirm' })} testId="retire">
          Retire
        </Button>
      )}
      {step.kind === 'refused' && (
        <Alert title="Not retired" variant="danger" testId="retire-refused">
          {step.message}
        </Alert>
      )}
    </Flex>
  );
}
