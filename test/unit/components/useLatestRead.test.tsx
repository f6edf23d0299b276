import { describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/preact';
import { useLatestRead, watchFromNow, type Watching } from '@/components/shared/useLatestRead';

interface Shown {
  value: string;
  status: string;
}

/** A watchable value, read with a delay the test chooses for each read. */
function source() {
  const listeners = new Set<() => void>();
  const pending: { answer: (value: string) => void }[] = [];
  return {
    reads: 0,
    watch(changed: () => void) {
      listeners.add(changed);
      return () => listeners.delete(changed);
    },
    change: () => listeners.forEach((changed) => changed()),
    read() {
      this.reads++;
      return new Promise<Shown>((resolve) => pending.push({ answer: (value) => resolve({ value, status: '' }) }));
    },
    /** Answers the `index`th read still open. */
    answer: (index: number, value: string) => pending.splice(index, 1)[0]!.answer(value),
  };
}

let reloadFromTest: (status?: string) => Promise<void>;

function Page({ read, watching }: { read: () => Promise<Shown>; watching: Watching }) {
  const { state, reload } = useLatestRead({ value: 'first', status: '' }, read, watching);
  reloadFromTest = reload;
  return (
    <p>
      {state.value} / {state.status}
    </p>
  );
}

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

describe('useLatestRead', () => {
  it('reads again for a change seen before the page listened, and not at all without one', async () => {
    const quiet = source();
    const watching = watchFromNow((changed) => quiet.watch(changed));
    render(<Page read={() => quiet.read()} watching={watching} />);
    await settle();
    expect(quiet.reads).toBe(0);

    const busy = source();
    const early = watchFromNow((changed) => busy.watch(changed));
    busy.change();
    render(<Page read={() => busy.read()} watching={early} />);
    await settle();
    expect(busy.reads).toBe(1);
  });

  it('never lets an overtaken read put older values back, and shows its status with the newer one', async () => {
    const values = source();
    render(<Page read={() => values.read()} watching={watchFromNow((changed) => values.watch(changed))} />);
    await settle();
    void act(() => void reloadFromTest('Saved.'));
    values.change();
    values.answer(1, 'newer');
    await settle();
    values.answer(0, 'older');
    await settle();
    expect(screen.getByText('newer / Saved.')).toBeTruthy();
  });
});
