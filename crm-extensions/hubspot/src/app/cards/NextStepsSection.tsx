import React from 'react';
import { Flex, Heading, List, Text } from '@hubspot/ui-extensions';
import type { CardView } from '../common/generated/cardView';
import { formatPercent } from '../common/generated/format';

const STATUS: Record<string, string> = { not_started: 'not started', active: 'in progress', exited: 'missed' };

/** "What should this account do next": the top retention-gap behaviours it has not done yet. */
export function NextStepsSection({ view }: { view: CardView }) {
  const steps = view.nextSteps ?? [];
  if (steps.length === 0) return null;
  return (
    <Flex direction="column" gap="xs" testId="trig-next-steps">
      <Heading>Next steps</Heading>
      <Text variant="microcopy">What retained customers did that this account has not done yet.</Text>
      <List variant="ordered">
        {steps.map((s) => (
          <Text key={s.key} testId={`next-step-${s.key}`}>
            <Text inline format={{ fontWeight: 'demibold' }}>
              {s.name}
            </Text>{' '}
            ({STATUS[s.status] ?? s.status}): {formatPercent(s.doerRetention)} of those who did it were retained, {formatPercent(s.nonDoerRetention)} of the others (+{s.gapPoints.toFixed(1)} pts)
          </Text>
        ))}
      </List>
    </Flex>
  );
}
