/** How the client's health state moves between its hosts. */
export interface FailoverOptions {
  /** Consecutive connection failures on the primary host after which calls start on the backup. Default 3. */
  switchAfter?: number;
  /** Milliseconds calls start on the backup before the primary is tried again. Default 60 000. */
  probeAfter?: number;
}

export type HostRole = 'primary' | 'backup';

/**
 * Which of the client's two hosts a call tries first, one small state per client. Only connection failures count
 * (an answer, even a 500, shows the host is reachable): after `switchAfter` of them in a row on the primary, calls
 * start on the backup for `probeAfter` ms; the first call after that starts on the primary again (the probe),
 * which either clears the count or sends calls back to the backup for another period.
 */
export class HostHealth {
  readonly switchAfter: number;
  readonly probeAfter: number;
  readonly #now: () => number;
  #failures = 0;
  #backupUntil = 0;

  constructor(options: FailoverOptions = {}, now: () => number = () => performance.now()) {
    this.switchAfter = options.switchAfter ?? 3;
    this.probeAfter = options.probeAfter ?? 60_000;
    this.#now = now;
  }

  /** The host a call starts on. */
  first(): HostRole {
    return this.#backupUntil !== 0 && this.#now() < this.#backupUntil ? 'backup' : 'primary';
  }

  /** Whether no failure is held: the common case, where an answer changes nothing. */
  get clean(): boolean {
    return this.#failures === 0 && this.#backupUntil === 0;
  }

  /** An attempt on `role` could not connect. */
  unreachable(role: HostRole): void {
    if (role !== 'primary') return;
    this.#failures += 1;
    if (this.#failures >= this.switchAfter) this.#backupUntil = this.#now() + this.probeAfter;
  }

  /** An attempt on `role` got an answer (any status). */
  reached(role: HostRole): void {
    if (role !== 'primary' || this.clean) return;
    this.#failures = 0;
    this.#backupUntil = 0;
  }
}
