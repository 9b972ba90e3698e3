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
