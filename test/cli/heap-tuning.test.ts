import { describe, expect, it } from 'vitest';
import { tuneHeap } from '../../src/cli/heap-tuning.js';

describe('tuneHeap', () => {
  it('sets the growing factor when the user did not', () => {
    expect(tuneHeap([], '')).toBe(true);
    expect(tuneHeap(['--enable-source-maps'], '--max-old-space-size=4096')).toBe(true);
  });

  it("leaves the user's own setting alone (command line or NODE_OPTIONS, either spelling)", () => {
    expect(tuneHeap(['--heap-growing-percent=80'], '')).toBe(false);
    expect(tuneHeap([], '--max-old-space-size=512 --heap_growing_percent=10')).toBe(false);
  });
});
