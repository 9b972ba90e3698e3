export {
  startOpenAiStub,
  stubEmbedding,
  type OpenAiStub,
  type OpenAiStubOptions,
  type RecordedRequest,
  type StubChatHandler,
  type StubChatMessage,
  type StubChatReply,
  type StubChatRequest,
  type StubTool,
} from "./openai-stub-server";
export { createRelayHandler, type RelayAnswerFile, type RelayOptions, type RelayRequestFile } from "./openai-relay";
export { memoryModelReplies, promptCollisions, promptMessages, requestText, toolOf, type PromptMessage } from "./memory-model-replies";
export { CONVERSATION_SECRETS, llmConversation, type ConversationMessage } from "./demo-llm-conversation";
export { writeTinyOnnxModel } from "./tiny-onnx-model";
export { conformanceEntity, conformanceRelation } from "./graph-store-conformance";
export { describeMemoryStoreConformance, conformanceItem, type ConformanceStore, type ConformanceItem, type MemoryStoreConformanceOptions } from "./memory-store-conformance";
export { grepFolder, listFiles } from "./grep-folder";
