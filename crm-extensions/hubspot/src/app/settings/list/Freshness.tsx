import React from 'react';
import { StatusTag, Text } from '@hubspot/ui-extensions';
import type { DefinitionFreshness } from '../../common/admin';
import { formatAge } from '../../common/time';

export function Freshness({ value, testId }: { value: DefinitionFreshness | null | undefined; testId: string }) {
  if (!value || value.ageSeconds === null) return <Text testId={testId}>never</Text>;
  return value.stale ? (
    <StatusTag variant="danger" testId={testId}>
      Stale · {formatAge(value.ageSeconds)}
    </StatusTag>
  ) : (
    <Text testId={testId}>{formatAge(value.ageSeconds)}</Text>
  );
}
