import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

export interface Fact {
  id: string;
  label: string;
  value: ReactNode;
}

/** Label/value pairs as a description list, so assistive tech (and e2e) can pair them. */
export function FactList({ facts, idPrefix }: { facts: readonly Fact[]; idPrefix: string }) {
  return (
    <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 3, rowGap: 1, m: 0 }}>
      {facts.map((fact) => (
        <Box key={fact.id} sx={{ display: 'contents' }}>
          <Typography component="dt" color="text.secondary" id={`${idPrefix}-${fact.id}-label`}>
            {fact.label}
          </Typography>
          <Typography component="dd" sx={{ m: 0 }} aria-labelledby={`${idPrefix}-${fact.id}-label`} data-testid={`${idPrefix}-${fact.id}`}>
            {fact.value}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
