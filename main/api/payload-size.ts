// Bounded measurement of a request before its schema runs: the renderer is untrusted, and Electron's
// structured clone has no size limit of its own, so an oversized or absurdly nested payload is refused
// here without walking all of it.

export interface PayloadLimits {
  readonly maxBytes: number;
  readonly maxDepth: number;
}

export type PayloadCheck =
  { readonly ok: true; readonly sizeBytes: number } | { readonly ok: false; readonly reason: string };

/** Cost charged for every value besides its contents, so a million empty arrays is not "free". */
const NODE_OVERHEAD_BYTES = 8;

/**
 * Approximate JSON size (string lengths in UTF-16 units plus a fixed cost per node). Stops as soon as
 * the limit is passed, so the work is bounded by the limit, not by the payload — cycles included.
 */
export function checkPayloadSize(value: unknown, limits: PayloadLimits): PayloadCheck {
  let sizeBytes = 0;
  const stack: Array<{ readonly value: unknown; readonly depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (depth > limits.maxDepth) return { ok: false, reason: `nested deeper than ${limits.maxDepth} levels` };
    sizeBytes += NODE_OVERHEAD_BYTES;
    if (typeof current === 'string') sizeBytes += current.length;
    else if (ArrayBuffer.isView(current)) sizeBytes += current.byteLength;
    else if (Array.isArray(current)) for (const item of current) stack.push({ value: item, depth: depth + 1 });
    else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        sizeBytes += key.length;
        stack.push({ value: item, depth: depth + 1 });
      }
    }
    if (sizeBytes > limits.maxBytes) return { ok: false, reason: `larger than ${limits.maxBytes} bytes` };
  }
  return { ok: true, sizeBytes };
}
