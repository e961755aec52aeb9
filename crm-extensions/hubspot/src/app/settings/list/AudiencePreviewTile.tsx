import React from 'react';
import { ErrorState, Flex, Heading, LoadingSpinner, Text, Tile } from '@hubspot/ui-extensions';
import type { AudiencePreview } from '../../common/admin';
import type { Loaded } from '../../common/loaded';

/** Who a live definition would move if a cycle ran now (GET …/preview). */
export function AudiencePreviewTile({ state }: { state: Loaded<AudiencePreview> }) {
  if (state.kind === 'loading') return <LoadingSpinner label="Computing audience preview…" />;
  if (state.kind === 'error')
    return (
      <ErrorState title="Preview failed">
        <Text>{state.message}</Text>
      </ErrorState>
    );
  const p = state.data;
  const group = (title: string, members: { id: string; name: string }[]) => (
    <Flex direction="column" gap="xs">
      <Text format={{ fontWeight: 'bold' }}>
        {title}: {members.length}
      </Text>
      {members.slice(0, 10).map((m) => (
        <Text key={m.id} variant="microcopy">
          {m.name} ({m.id})
        </Text>
      ))}
      {members.length > 10 && <Text variant="microcopy">… and {members.length - 10} more</Text>}
    </Flex>
  );
  return (
    <Tile testId="preview">
      <Heading>Audience preview: {p.key}</Heading>
      <Text variant="microcopy">Who would change if a cycle ran now. Nothing is changed.</Text>
      <Flex gap="lg">
        {group('Would enter', p.wouldEnter)}
        {group('Would complete', p.wouldComplete)}
        {group('Would exit', p.wouldExit)}
      </Flex>
    </Tile>
  );
}
