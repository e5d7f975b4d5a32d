/**
 * Plain-text rendering shared by the command line and the report: durations, counts of work, and
 * a plan with its estimate.
 * @module
 */
import type { BackendInfo } from "../../backend.ts";
import type { Stage } from "../../pipeline/plan.ts";

/**
 * Formats seconds for people: `42 s`, `3 min 05 s`, `1 h 02 min`.
 * @example
 * ```ts
 * import { formatDuration } from "./text.ts";
 * if (formatDuration(185) !== "3 min 05 s") throw new Error(formatDuration(185));
 * ```
 * @param seconds a duration
 * @returns the text (`?` for a non-finite duration)
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}

/**
 * Counts units of work in words: `1 iteration`, `50 batches`.
 * @param n how many
 * @param unit the unit, singular
 * @returns the text
 */
export function countUnits(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : /(s|x|ch|sh)$/.test(unit) ? "es" : "s"}`;
}

/**
 * A plan as text: one line per stage with its work and estimated time, then the total, then its
 * warnings and the problems that stop it (each one line).
 * @param plan the plan's profile and stages, and its problems and warnings when it has them
 * @param estimates seconds per stage (same order), or `null` when not measured
 * @returns the text
 */
export function formatPlan(
  plan: {
    readonly profile: string;
    readonly stages: readonly Stage[];
    readonly problems?: readonly { readonly message: string }[];
    readonly warnings?: readonly string[];
  },
  estimates: readonly number[] | null,
): string {
  const lines = [`Plan (profile ${plan.profile}, ${plan.stages.length} stages):`];
  const width = Math.max(...plan.stages.map((s) => s.title.length), 10);
  for (const [i, s] of plan.stages.entries()) {
    const work = countUnits(s.units, s.unit).padStart(18);
    const time = s.cached ? "cached" : estimates ? `~${formatDuration(estimates[i])}` : "";
    lines.push(`  ${String(i + 1).padStart(2)}. ${s.title.padEnd(width)} ${work}  ${time}`);
  }
  if (estimates) {
    const total = estimates.reduce((a, b) => a + b, 0);
    const cached = plan.stages.filter((s) => s.cached).length;
    lines.push(
      `Estimated duration: ${
        formatDuration(total)
      } (${cached} of ${plan.stages.length} stages cached)`,
    );
  }
  for (const w of plan.warnings ?? []) lines.push(`Warning: ${w}`);
  const problems = plan.problems ?? [];
  if (problems.length > 0) {
    lines.push(
      `${countUnits(problems.length, "problem")}: the run stops before the first training step`,
    );
    for (const p of problems) lines.push(`  - ${p.message}`);
  }
  return lines.join("\n");
}

/**
 * What a command prints once about the backend: name, device and kernels, then which
 * matrix-product path runs and, when a faster one exists here, the one command that installs it.
 * @param backend what `initBackend` returned
 * @returns one or two lines
 */
export function backendLines(backend: BackendInfo): string[] {
  const lines = [
    `Backend: ${backend.name} on ${backend.device} (kernels: ${backend.kernels})`,
    `  ${backend.kernelAdvice.summary}`,
  ];
  if (backend.kernelAdvice.fasterCommand) {
    lines[1] += `; for the faster path run: ${backend.kernelAdvice.fasterCommand}`;
  }
  return lines;
}
