import type { QuestionRecord, SystemQuestionOutcome } from "../bench-records";

/** One line of `questions.jsonl`. */
export interface QuestionLine {
  sample_id: string;
  question_index: number;
  question: string;
  answer: string;
  category: number;
  category_name: string;
  evidence: string[];
  /** Evidence recall at every budget, per system (and `engram_consolidated`: Engram after the `--consolidate` pass). */
  recall: Record<string, Record<string, number | null>>;
  /** The headline-budget recall of each system: context, its item sources and tokens; in answer mode, the answer and verdict. */
  engram: SystemLine;
  bm25: SystemLine;
  /** Engram's headline recall without the graph lists (bench `--no-graph`), to compare with `engram`. */
  no_graph?: SystemLine;
}

interface SystemLine {
  budget: number;
  context: string;
  sources: string[];
  tokens: number;
  /**
   * Wall milliseconds of this system's headline-budget recall: for `engram` the timed recall (the
   * report's latency definition), for `bm25` the baseline's search, for `no_graph` the ablation
   * recall; in question order per sample, so the first recalls after ingest and the tail can be told apart.
   */
  latency_ms: number | null;
  generated_answer?: string | null;
  verdict?: string | null;
  judge_reasoning?: string | null;
  f1?: number | null;
  bleu1?: number | null;
  error?: string;
}

function systemLine(outcome: SystemQuestionOutcome): SystemLine {
  const latencyMs = outcome.budgets.find((entry) => entry.budget === outcome.headline.budget)?.latencyMs;
  const line: SystemLine = {
    budget: outcome.headline.budget,
    context: outcome.headline.context,
    sources: outcome.headline.sources,
    tokens: outcome.headline.tokens,
    latency_ms: latencyMs === undefined ? null : Math.round(latencyMs * 1000) / 1000,
  };
  if (outcome.answer) {
    line.generated_answer = outcome.answer.answer;
    line.verdict = outcome.answer.label;
    line.judge_reasoning = outcome.answer.reasoning;
    line.f1 = outcome.answer.f1;
    line.bleu1 = outcome.answer.bleu1;
    if (outcome.answer.error) line.error = outcome.answer.error;
  }
  return line;
}

/** `questions.jsonl`: one JSON object per question (adversarial included), newline-terminated. */
export function renderQuestionsJsonl(questions: readonly QuestionRecord[]): string {
  return questions
    .map((question) => {
      const line: QuestionLine = {
        sample_id: question.sampleId,
        question_index: question.questionIndex,
        question: question.question,
        answer: question.goldAnswer,
        category: question.category,
        category_name: question.categoryName,
        evidence: question.evidence,
        recall: Object.fromEntries(
          [...Object.entries(question.systems), ...(question.consolidated ? [["engram_consolidated", question.consolidated] as const] : [])].map(([system, outcome]) => [
            system,
            Object.fromEntries(outcome.budgets.map((entry) => [`@${entry.budget}`, entry.recall])),
          ]),
        ),
        engram: systemLine(question.systems.engram),
        bm25: systemLine(question.systems.bm25),
        ...(question.noGraph ? { no_graph: systemLine(question.noGraph) } : {}),
      };
      return `${JSON.stringify(line)}\n`;
    })
    .join("");
}
