import React, { useEffect, useState } from 'react';
import { Divider, ErrorState, Flex, LoadingSpinner, Text, hubspot } from '@hubspot/ui-extensions';
import type { AdminDefinition } from '../common/admin';
import { listDefinitions } from '../common/trigApi';
import { hubspotFetch, load, type Loaded } from '../common/loaded';
import { FunnelSection } from './FunnelSection';
import { JobsTable } from './JobsTable';
import { MembersView } from './MembersView';
import { RetentionSection } from './RetentionSection';
import { SignalSection } from './SignalSection';

hubspot.extend<'home'>(() => <TrigHome />);

const keys = (defs: AdminDefinition[], kind: string) => defs.filter((d) => d.kind === kind).map((d) => d.key);

/** The app home page: insights from Trig's record of every transition (docs/insights.md). */
export function TrigHome() {
  const [defs, setDefs] = useState<Loaded<AdminDefinition[]>>({ kind: 'loading' });
  useEffect(() => load(listDefinitions(hubspotFetch), setDefs), []);
  if (defs.kind === 'loading') return <LoadingSpinner label="Loading Trig…" />;
  if (defs.kind === 'error')
    return (
      <ErrorState title="Couldn't reach Trig">
        <Text>{defs.message}</Text>
      </ErrorState>
    );
  const d = defs.data;
  return (
    <Flex direction="column" gap="lg">
      <RetentionSection />
      <Divider />
      <FunnelSection stages={keys(d, 'stage')} />
      <SignalSection signals={keys(d, 'signal')} />
      <JobsTable jobs={keys(d, 'job')} />
      <Divider />
      <MembersView cohorts={keys(d, 'cohort')} />
    </Flex>
  );
}
