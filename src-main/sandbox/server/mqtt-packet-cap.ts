import type { Duplex } from 'node:stream';

/**
 * The largest MQTT packet a sandbox broker accepts: the service's 256 KB device-to-cloud message
 * plus room for its topic (at most 64 KiB: MQTT's 2-byte length) with the property bag, the packet
 * id and MQTT 5 properties. The hub still refuses a payload over 256 KB itself (device-mqtt.ts).
 */
export const MAX_MQTT_PACKET_BYTES = (256 + 65) * 1024;

/**
 * Drops the connection as soon as a packet's fixed header announces more than `maxBytes`.
 * Neither aedes nor mqtt-packet has a size limit: the parser buffers a packet until its announced
 * length (up to 256 MB) has arrived, so one device could make the sandbox hold that much per
 * connection. This reads each fixed header's remaining length as the bytes pass, before the
 * broker's parser has buffered the body.
 *
 * It listens to 'data', which a stream read through 'readable' + read() (as aedes reads) emits
 * synchronously inside every read(), so it sees each chunk before the parser does and never takes
 * over the flow: with a 'readable' listener present, 'data' listeners do not switch the stream to
 * flowing mode.
 */
export function capMqttPackets(socket: Duplex, maxBytes = MAX_MQTT_PACKET_BYTES): void {
  /** Where the next byte falls: a packet's first byte, its remaining-length bytes, or its body. */
  let expect: 'type' | 'length' | 'body' = 'type';
  let length = 0;
  let multiplier = 1;
  let lengthBytes = 0;
  let bodyLeft = 0;
  socket.on('data', (chunk: Buffer) => {
    let i = 0;
    while (i < chunk.length && !socket.destroyed) {
      if (expect === 'body') {
        const n = Math.min(bodyLeft, chunk.length - i);
        bodyLeft -= n;
        i += n;
        if (bodyLeft === 0) expect = 'type';
        continue;
      }
      const byte = chunk[i++] ?? 0;
      if (expect === 'type') {
        expect = 'length';
        length = 0;
        multiplier = 1;
        lengthBytes = 0;
        continue;
      }
      length += (byte & 0x7f) * multiplier;
      multiplier *= 128;
      lengthBytes++;
      // A partial length is already a lower bound of the whole: refuse before the last byte arrives.
      if (length > maxBytes || (byte & 0x80 && lengthBytes === 4)) {
        socket.destroy();
        return;
      }
      if (byte & 0x80) continue;
      bodyLeft = length;
      expect = bodyLeft > 0 ? 'body' : 'type';
    }
  });
}
