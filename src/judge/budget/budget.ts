/** Money set aside for one call in flight, released when the call settles. */
export interface Reservation {
  readonly amount: number;
  settled: boolean;
}

/**
 * A spending limit shared by every judge call of a run (all panel members included). Before a call, its
 * estimated cost is reserved; the call is refused when `spent + reserved + estimate` would exceed the limit.
 * After the call, the reservation is replaced by the actual cost. Once one call has been refused the budget
 * stays exhausted for the rest of the run, so the transcripts left over are exactly those not yet scored.
 */
export class Budget {
  private spentUsd = 0;
  private reservedUsd = 0;
  private refused = false;
  private readonly refusedTranscripts = new Set<string>();

  constructor(readonly limitUsd: number) {}

  /** Reserves `estimate` USD, or returns null (and marks the budget exhausted) when it does not fit. */
  tryReserve(estimate: number, transcriptId: string): Reservation | null {
    const amount = Math.max(0, estimate);
    if (this.refused || this.spentUsd + this.reservedUsd + amount > this.limitUsd) {
      this.refused = true;
      this.refusedTranscripts.add(transcriptId);
      return null;
    }
    this.reservedUsd += amount;
    return { amount, settled: false };
  }

  /** Releases a reservation and books what the call actually cost. */
  settle(reservation: Reservation, actualUsd: number): void {
    if (reservation.settled) return;
    reservation.settled = true;
    this.reservedUsd -= reservation.amount;
    this.spentUsd += Math.max(0, actualUsd);
  }

  /** USD actually spent by settled calls. */
  get spent(): number {
    return this.spentUsd;
  }

  /** USD reserved by calls not settled yet (with a provider batch: what was submitted and is not collected). */
  get reserved(): number {
    return this.reservedUsd;
  }

  /** Whether a call has been refused. */
  get exhausted(): boolean {
    return this.refused;
  }

  /** Transcripts with at least one refused call: not (fully) scored. */
  get refusedCount(): number {
    return this.refusedTranscripts.size;
  }
}
