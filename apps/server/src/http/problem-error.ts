import { problem, type Problem } from "./problem";

/** An error the server answers with a fixed problem (401, 403, 413, 429), thrown from middleware and handlers. */
export class ProblemError extends Error {
  readonly problem: Problem;
  readonly headers: Record<string, string>;

  constructor(status: number, title: string, detail: string, headers: Record<string, string> = {}) {
    super(detail);
    this.name = title;
    this.problem = problem(status, title, detail);
    this.headers = headers;
  }
}
