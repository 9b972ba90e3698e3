import { describeMemoryStoreConformance } from "@engram/testing";
import { InMemoryMemoryStore } from "../src/store/in-memory-memory-store";

describeMemoryStoreConformance({ name: "InMemoryMemoryStore", create: (dimensions) => new InMemoryMemoryStore({ dimensions }) });
