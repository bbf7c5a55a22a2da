/**
 * WebSocket text frames built once per payload. A broadcast sends the same payload to every subscriber;
 * `ws` would build a header and issue two writes per socket. The frame (RFC 6455 §5.2: FIN, text opcode,
 * server frames unmasked) is built on first use and reused by every socket for as long as the payload
 * lives (WeakMap), so each delivery is one write of a shared buffer.
 */
const framed = new WeakMap<Buffer, Buffer>();

/** The complete unmasked text frame carrying `payload` (cached per payload buffer). */
export function textFrameOf(payload: Buffer): Buffer {
  let frame = framed.get(payload);
  if (frame === undefined) {
    frame = buildTextFrame(payload);
    framed.set(payload, frame);
  }
  return frame;
}

/** Header (2, 4 or 10 bytes by payload length) followed by the payload. */
export function buildTextFrame(payload: Buffer): Buffer {
  const n = payload.byteLength;
  const head = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + n);
  frame[0] = 0x81; // FIN + opcode 1 (text)
  if (n < 126) frame[1] = n;
  else if (n < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(n / 2 ** 32), 2);
    frame.writeUInt32BE(n >>> 0, 6);
  }
  payload.copy(frame, head);
  return frame;
}
