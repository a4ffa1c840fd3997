import { describe, expect, it, vi } from 'vitest';
import { TypedEmitter } from './typed-emitter';

type Events = { data: [value: number, label: string]; error: [error: Error]; end: [] };

describe('TypedEmitter', () => {
  it('delivers arguments to every listener until it is removed', () => {
    const emitter = new TypedEmitter<Events>();
    const seen: string[] = [];
    const off = emitter.on('data', (value, label) => seen.push(`${label}=${value}`));
    emitter.once('data', (value) => seen.push(`once ${value}`));
    emitter.emit('data', 1, 'a');
    emitter.emit('data', 2, 'b');
    off();
    emitter.emit('data', 3, 'c');
    expect(seen).toEqual(['a=1', 'once 1', 'b=2']);
    expect(emitter.listenerCount('data')).toBe(0);
  });

  it("drops an 'error' nobody listens to instead of throwing (unlike Node's EventEmitter)", () => {
    expect(() => new TypedEmitter<Events>().emit('error', new Error('x'))).not.toThrow();
  });

  it('isolates a listener that throws: the others still run and emit() does not throw', () => {
    const emitter = new TypedEmitter<Events>();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const after = vi.fn();
    emitter.on('end', () => {
      throw new Error('listener bug');
    });
    emitter.on('end', after);
    expect(() => emitter.emit('end')).not.toThrow();
    expect(after).toHaveBeenCalledOnce();
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });
});
