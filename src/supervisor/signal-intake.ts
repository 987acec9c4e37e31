/** Signals passed on to the app; TERM and INT also stop paas-init (after the app). */
const forwarded = ['SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'] as const;
const stopping = ['SIGTERM', 'SIGINT'] as const;

/** Who receives paas-init's signals: the stop signals stop it, the others are passed on. */
export interface SignalTarget {
  shutdown(signal: string): void;
  forward(signal: string): void;
}

/** Signals caught from the start, held until a target is given. */
export interface SignalIntake {
  /** delivers the signals queued so far, then every later one */
  routeTo(target: SignalTarget): void;
}

/**
 * Installs the handlers at once, never to be removed: PID 1 drops every signal that finds no
 * handler, so even a moment without one (a remove-then-add) would lose a signal. Until the
 * target exists they are queued.
 */
export function interceptSignals(): SignalIntake {
  const early: string[] = [];
  let deliver = (signal: string): void => void early.push(signal);
  for (const s of [...stopping, ...forwarded]) process.on(s, () => deliver(s));
  return {
    routeTo: (target) => {
      deliver = (signal) => ((stopping as readonly string[]).includes(signal) ? target.shutdown(signal) : target.forward(signal));
      for (const signal of early.splice(0)) deliver(signal);
    },
  };
}
