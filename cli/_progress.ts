/**
 * Progress display for the command line: on a terminal, one bar per stage redrawn in place
 * (finished stages stay as one line each); otherwise plain lines, one when a stage starts, one
 * every tenth of its work, and one when it ends, so logs stay readable.
 * @module
 */
import { countUnits, formatDuration, type StageBase, type StageProgress } from "../lib/mod.ts";

/** What the view needs of a stage. */
export type Stage = Pick<StageBase, "id" | "title" | "units" | "unit" | "cached">;

/** Where the progress goes. */
export interface ProgressOutput {
  /** Writes text as is (no newline added). */
  write(text: string): void;
  /** Whether the output is a terminal (bars) or not (plain lines). */
  readonly isTerminal: boolean;
  /** Terminal width in columns (ignored for plain lines). */
  readonly columns: number;
}

/**
 * The standard output (or error) as a {@linkcode ProgressOutput}.
 * @param stream `Deno.stdout` (default) or `Deno.stderr` (when stdout carries `--json` lines)
 * @returns the output
 */
export function stdoutProgressOutput(
  stream: typeof Deno.stdout | typeof Deno.stderr = Deno.stdout,
): ProgressOutput {
  const encoder = new TextEncoder();
  const isTerminal = stream.isTerminal();
  let columns = 100;
  if (isTerminal) {
    try {
      columns = Deno.consoleSize().columns;
    } catch {
      // Not a console after all: keep the default width.
    }
  }
  return {
    write: (text) => void stream.writeSync(encoder.encode(text)),
    isTerminal,
    columns,
  };
}

/**
 * Draws a text bar: `[#######-------]`.
 * @param fraction done, in [0, 1]
 * @param width characters between the brackets
 * @returns the bar
 */
export function bar(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.round(f * width);
  return `[${"#".repeat(full)}${"-".repeat(width - full)}]`;
}

/** Progress of a reproduction, stage by stage. */
export class ProgressView {
  readonly #out: ProgressOutput;
  readonly #now: () => number;
  readonly #total: number;
  #index = 0;
  #stage: Stage | null = null;
  #started = 0;
  #lastDraw = 0;
  #lastTenth = -1;
  #first: { done: number; time: number } | null = null;
  #warned = false;

  /**
   * @param out where to write
   * @param stageCount number of stages in the plan (for `[3/12]`)
   * @param now clock in milliseconds (default `performance.now`)
   */
  constructor(
    out: ProgressOutput,
    stageCount: number,
    now: () => number = () => performance.now(),
  ) {
    this.#out = out;
    this.#total = stageCount;
    this.#now = now;
  }

  #prefix(): string {
    return `[${this.#index}/${this.#total}]`;
  }

  /** A stage starts. */
  start(stage: Stage): void {
    this.#index++;
    this.#stage = stage;
    this.#started = this.#now();
    this.#lastDraw = -Infinity;
    this.#lastTenth = -1;
    this.#first = null;
    this.#warned = false;
    if (this.#out.isTerminal) {
      this.progress({ stage: stage.id, done: 0, total: stage.units });
    } else {
      const cached = stage.cached ? " (cached)" : "";
      this.#out.write(
        `${this.#prefix()} ${stage.title}: started, ${
          countUnits(stage.units, stage.unit)
        }${cached}\n`,
      );
    }
  }

  /** A stage progresses. */
  progress(p: StageProgress): void {
    const stage = this.#stage;
    if (stage === null || p.stage !== stage.id) return;
    if (p.warning && !this.#warned) {
      // Once per stage, on its own line, whatever the bar is doing.
      this.#warned = true;
      this.#out.write(
        `${
          this.#out.isTerminal ? "\r\x1b[2K" : ""
        }${this.#prefix()} ${stage.title}: warning: ${p.warning}\n`,
      );
      this.#lastDraw = -Infinity;
    }
    const fraction = p.total > 0 ? p.done / p.total : 0;
    // The rate since this stage's first report: a resumed stage starts part-way through.
    this.#first ??= { done: p.done, time: this.#now() };
    const doneHere = p.done - this.#first.done;
    const eta = doneHere > 0
      ? (this.#now() - this.#first.time) / 1000 / doneHere * (p.total - p.done)
      : NaN;
    const message = p.message ? ` ${p.message}` : "";
    if (this.#out.isTerminal) {
      const now = this.#now();
      if (now - this.#lastDraw < 100 && p.done < p.total) return;
      this.#lastDraw = now;
      const head = `${this.#prefix()} ${stage.title} `;
      const tail = ` ${(100 * fraction).toFixed(0).padStart(3)}% ${p.done}/${p.total}` +
        ` eta ${formatDuration(eta)}${message}`;
      const width = Math.max(10, Math.min(40, this.#out.columns - head.length - tail.length - 1));
      const line = `${head}${bar(fraction, width)}${tail}`.slice(0, this.#out.columns - 1);
      this.#out.write(`\r\x1b[2K${line}`);
    } else {
      const tenth = Math.floor(fraction * 10);
      if (tenth <= this.#lastTenth || tenth >= 10) return;
      this.#lastTenth = tenth;
      if (tenth === 0) return;
      this.#out.write(
        `${this.#prefix()} ${stage.title}: ${tenth * 10}% (${p.done}/${p.total}), ` +
          `eta ${formatDuration(eta)}${message}\n`,
      );
    }
  }

  /** A stage ends. */
  end(stage: Stage, seconds?: number): void {
    const took = formatDuration(seconds ?? (this.#now() - this.#started) / 1000);
    const cached = stage.cached ? " (from cache)" : "";
    if (this.#out.isTerminal) {
      this.#out.write(
        `\r\x1b[2K${this.#prefix()} ${stage.title} ${bar(1, 20)} done in ${took}${cached}\n`,
      );
    } else {
      this.#out.write(`${this.#prefix()} ${stage.title}: done in ${took}${cached}\n`);
    }
    this.#stage = null;
  }

  /** Ends a bar left open (on abort), so the next line starts clean. */
  interrupt(reason: string): void {
    if (this.#stage === null) return;
    this.#out.write(
      this.#out.isTerminal
        ? `\n${this.#prefix()} ${this.#stage.title}: ${reason}\n`
        : `${this.#prefix()} ${this.#stage.title}: ${reason}\n`,
    );
    this.#stage = null;
  }
}
