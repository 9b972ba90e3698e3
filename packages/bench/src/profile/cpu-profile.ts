import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";

/**
 * Runs `work` under the inspector's CPU profiler (the main thread, sampled every `intervalUs`
 * microseconds) and writes the profile to `path` (a `.cpuprofile`: Chrome DevTools and speedscope
 * draw its flame graph; `summarize-cpu-profile.ts` lists its top functions). @returns what `work` returns.
 */
export async function profiled<T>(path: string, work: () => Promise<T>, intervalUs = 100): Promise<T> {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: intervalUs });
    await session.post("Profiler.start");
    const result = await work();
    const { profile } = await session.post("Profiler.stop");
    await writeFile(path, JSON.stringify(profile));
    return result;
  } finally {
    session.disconnect();
  }
}
