import { useEffect, useRef, useState } from 'preact/hooks';

/** Changes seen from before a page's first read, for it to read again after. */
export interface Watching {
  /** Calls back on each change from now on, and at once if one came before; returns the way to stop. */
  listen(changed: () => void): () => void;
}

/**
 * Starts watching before the page's first read: a change while that read is under way (a
 * refresh landing, say) is read again once the page listens, and with no change there is no
 * second read.
 */
export function watchFromNow(watch: (changed: () => void) => () => void): Watching {
  let missed = false;
  let listener: (() => void) | undefined;
  const stop = watch(() => {
    if (listener) listener();
    else missed = true;
  });
  return {
    listen(changed) {
      listener = changed;
      if (missed) {
        missed = false;
        changed();
      }
      return () => {
        listener = undefined;
        stop();
      };
    },
  };
}

/**
 * A page's state, read again on each change `watching` sees and after each of the member's actions.
 * Reads are counted, so one that finishes after a newer one cannot put older values back on
 * screen; a status given to a read overtaken in this way is shown by the newer one. While a save
 * runs (`whileSaving`), no read lands: one begun before the save ends would put the old value back.
 */
export function useLatestRead<S extends { status: string }>(initial: S, read: () => Promise<S>, watching: Watching) {
  const [state, setState] = useState(initial);
  const reads = useRef({ count: 0, status: undefined as string | undefined, saving: 0 });

  /** Reads again; without a new status the last one stays on screen. */
  const reload = async (status?: string): Promise<void> => {
    const count = ++reads.current.count;
    if (status !== undefined) reads.current.status = status;
    const fresh = await read();
    if (count !== reads.current.count || reads.current.saving > 0) return;
    const shown = reads.current.status;
    reads.current.status = undefined;
    setState((previous) => ({ ...fresh, status: shown ?? previous.status }));
  };

  const whileSaving = <T>(saving: Promise<T>): Promise<T> => {
    reads.current.saving++;
    return saving.finally(() => reads.current.saving--);
  };

  useEffect(() => watching.listen(() => void reload()), []);

  return { state, setState, reload, whileSaving };
}
