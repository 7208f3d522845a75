import { SerialPort } from 'serialport';
import type { SerialPortStream } from '@serialport/stream';
import { PushError } from './push-errors.ts';

/** Opens a serial port; tests pass a SerialPortMock-backed opener instead. */
export type PortOpener = (path: string, baudRate: number) => Promise<SerialPortStream>;

export const openSerialPort: PortOpener = (path, baudRate) =>
  new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    const timer = setTimeout(() => reject(new PushError('SERIAL_OPEN_FAILED', 'detect', `Opening ${path} took too long.`)), 3000);
    port.open((error) => {
      clearTimeout(timer);
      if (error) reject(new PushError('SERIAL_OPEN_FAILED', 'detect', `Cannot open ${path}: ${error.message}`));
      else resolve(port);
    });
  });
