/**
 * Errors raised by training.
 * @module
 */

/**
 * A loss became NaN or infinite. It extends `RangeError` because the value left the range a loss
 * can take (finite, non-negative); callers can still tell it apart with `instanceof` and read
 * which epoch and which loss.
 */
export class TrainingDivergedError extends RangeError {
  /** 0-based epoch in which the loss diverged. */
  readonly epoch: number;
  /** Name of the loss, e.g. `d_0`, `cyc_2`, `cls` or `pre_cyc_1`. */
  readonly loss: string;
  /** The value found (NaN or ±Infinity). */
  readonly value: number;
  /** Training phase: `pretrain` or `train`. */
  readonly phase: string;

  /**
   * Builds the message from the phase, epoch, loss name and value.
   * @param phase `pretrain` or `train`
   * @param epoch 0-based epoch
   * @param loss the loss name
   * @param value the non-finite value
   * @param checkpoint where the last good checkpoint is, if any
   */
  constructor(phase: string, epoch: number, loss: string, value: number, checkpoint?: string) {
    super(
      `Training diverged in ${phase} epoch ${epoch}: loss "${loss}" is ${value}` +
        (checkpoint ? `; the last good checkpoint is kept in ${checkpoint}` : ""),
    );
    this.name = "TrainingDivergedError";
    this.phase = phase;
    this.epoch = epoch;
    this.loss = loss;
    this.value = value;
  }
}
