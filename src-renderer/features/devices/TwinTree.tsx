import Box from '@mui/material/Box';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON section as an indented tree; `$metadata` is left out (it doubles the size and says little). */
export function TwinTree({ value, label }: { value: unknown; label: string }) {
  return (
    <Box component="ul" aria-label={label} role="tree" sx={{ listStyle: 'none', pl: 0, m: 0, fontFamily: 'monospace', fontSize: 14 }}>
      <Nodes value={value} />
    </Box>
  );
}

function Nodes({ value }: { value: unknown }) {
  if (!isObject(value)) return <li role="treeitem" aria-selected={false}>{JSON.stringify(value)}</li>;
  return (
    <>
      {Object.entries(value)
        .filter(([name]) => name !== '$metadata')
        .map(([name, child]) => (
          <Box component="li" key={name} role="treeitem" aria-selected={false} aria-label={name} sx={{ pl: 2 }}>
            <Box component="span" sx={{ color: 'primary.main' }}>{name}</Box>
            {isObject(child) ? (
              <Box component="ul" role="group" sx={{ listStyle: 'none', pl: 1, m: 0 }}>
                <Nodes value={child} />
              </Box>
            ) : (
              <Box component="span" sx={{ color: 'text.secondary' }}>{`: ${JSON.stringify(child)}`}</Box>
            )}
          </Box>
        ))}
    </>
  );
}
