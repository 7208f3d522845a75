import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A printable label: the registration id as text and QR code. Never the key. */
export function DeviceLabel({ registrationId, serial }: { registrationId: string; serial: string | null }) {
  const { t } = useTranslation();
  const [image, setImage] = useState<string>();
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(registrationId, { margin: 1, width: 160, errorCorrectionLevel: 'M' }).then((url) => live && setImage(url));
    return () => {
      live = false;
    };
  }, [registrationId]);
  return (
    <Paper variant="outlined" sx={{ p: 2, display: 'inline-flex', gap: 2, alignItems: 'center' }} className="serial-label" aria-label={t('serial.label.title')}>
      {image && <img src={image} alt={t('serial.label.qrAlt', { id: registrationId })} width={120} height={120} data-testid="label-qr" />}
      <Box>
        <Typography variant="subtitle1" sx={{ fontFamily: 'monospace' }}>
          {registrationId}
        </Typography>
        {serial && (
          <Typography variant="body2" color="text.secondary">
            {t('serial.label.serial', { serial })}
          </Typography>
        )}
        <Button size="small" onClick={() => window.print()} sx={{ mt: 1 }}>
          {t('serial.label.print')}
        </Button>
      </Box>
    </Paper>
  );
}
