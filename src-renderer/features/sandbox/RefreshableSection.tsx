import RefreshIcon from '@mui/icons-material/Refresh';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

export interface RefreshableSectionProps {
  /** Id of the heading, which names the section for assistive tech. */
  id: string;
  title: string;
  refreshLabel: string;
  onRefresh: () => void;
  refreshDisabled: boolean;
  /** A warning shown above the content (a failed read), or null. */
  warning: string | null;
  children: ReactNode;
}

/** A Sandbox page section with a heading, a "read again" button and an optional warning. */
export function RefreshableSection({ id, title, refreshLabel, onRefresh, refreshDisabled, warning, children }: RefreshableSectionProps) {
  return (
    <Paper variant="outlined" component="section" aria-labelledby={id} sx={{ p: 3, mb: 3 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', mb: 2 }}>
        <Typography variant="h6" component="h2" id={id} sx={{ flexGrow: 1 }}>
          {title}
        </Typography>
        <Tooltip title={refreshLabel}>
          <span>
            <IconButton onClick={onRefresh} disabled={refreshDisabled} aria-label={refreshLabel}>
              <RefreshIcon />
            </IconButton>
          </span>
        </Tooltip>
      </Box>
      {warning && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {warning}
        </Alert>
      )}
      {children}
    </Paper>
  );
}
