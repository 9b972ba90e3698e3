// The supported API of @engram/bench.
export { runBench, DEFAULT_BUDGETS, DEFAULT_HEADLINE_BUDGET } from "./run-bench";
export type { RunBenchOptions, BenchRunResult, BenchProgress } from "./run-bench";
export type { BenchMemory, BenchMemoryFactory, BenchScope, BenchAddResult, BenchRecallResult } from "./bench-memory";
export { createEngramMemoryFactory } from "./engram-memory-factory";
export type { EngramMemoryFactoryOptions } from "./engram-memory-factory";
export { RETRIEVAL_SYSTEMS } from "./bench-records";
export type { RetrievalSystem, QuestionRecord, SampleRecord, BudgetOutcome, AnswerOutcome, HeadlineContext, SystemQuestionOutcome } from "./bench-records";
export { SCORED_CATEGORIES, ADVERSARIAL_CATEGORY, MEM0_PAPER_CATEGORY_LABELS, categoryName } from "./categories";
export type { LocomoCategory } from "./categories";

export { evidenceRecall, normalizeMessageId } from "./metrics/evidence-recall";
export type { EvidenceRecall } from "./metrics/evidence-recall";
export { answerCoverage, answerCoverageInSet, contextTokenSet, LOCOMO_MESSAGE_ID_PATTERN } from "./metrics/answer-coverage";
export type { AnswerCoverage, AnswerCoverageOptions } from "./metrics/answer-coverage";
export { percentile, mean, maximum, PERCENTILE_METHOD } from "./metrics/percentile";
export { tokenSetF1 } from "./metrics/f1";
export { bleu1 } from "./metrics/bleu";
export { benchWords, contentTokens, BENCH_TOKENIZER_DESCRIPTION } from "./text/bench-tokenizer";
export { NLTK_ENGLISH_STOP_WORDS, isBenchStopWord } from "./text/stop-words";

export { Bm25Index, BM25_FORMULA } from "./baselines/bm25";
export type { Bm25Document, Bm25Hit, Bm25Options } from "./baselines/bm25";
export { packTurns } from "./baselines/pack-turns";
export type { PackableTurn, PackedTurns } from "./baselines/pack-turns";
export { Bm25TurnsBaseline } from "./baselines/bm25-turns-baseline";
export type { BaselineRecall } from "./baselines/bm25-turns-baseline";
export { formatTurn, formatConversation } from "./baselines/conversation-turn";
export type { ConversationTurn } from "./baselines/conversation-turn";

export { ChatAnswerer, ANSWER_PROMPT_VERSION, ANSWER_SYSTEM_PROMPT, buildAnswerPrompt } from "./answer/answerer";
export { ChatJudge, JUDGE_PROMPT_VERSION, JUDGE_SYSTEM_PROMPT, JudgeVerdictSchema, normalizeJudgeLabel, buildJudgePrompt } from "./answer/judge";
export { createOpenAiChatModel } from "./answer/chat-model";
export type { OpenAiChatModelOptions } from "./answer/chat-model";
export { answerQuestions } from "./answer/answer-questions";
export type { AnswerModeOptions } from "./answer/answer-questions";
export type { Answerer, Judge, JudgeLabel, AnswerCallOptions } from "./answer/answer-types";

export { buildReport } from "./report/report-json";
export type { BenchReport, SystemReport, FullContextReport, IngestSummary } from "./report/report-json";
export type { MetricCell } from "./report/metric-cell";
export type { BenchMeta } from "./report/bench-meta";
export { renderReportMarkdown } from "./report/report-md";
export { renderRecallChart } from "./report/chart-svg";
export { renderQuestionsJsonl } from "./report/questions-jsonl";
export type { QuestionLine } from "./report/questions-jsonl";
export { writeBenchOutputs, BENCH_OUTPUT_FILES } from "./report/write-outputs";
export { runBenchCommand } from "./cli/bench-command";
export type { BenchCommandIo } from "./cli/bench-command";
