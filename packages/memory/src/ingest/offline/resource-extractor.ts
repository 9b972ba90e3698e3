import type { CandidateOf } from "../../schema/memory-item";
import type { AnalyzedMessage } from "./analyze-message";
import { captionPhrase, informativeSentences, renderSentence, truncate } from "./episodic-extractor";
import { formatDay } from "./format-date";
import type { AnalyzedSentence } from "./sentences";

const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'`“”]+/gi;
const IMAGE_EXT = "png|jpe?g|gif|webp|svg|heic|bmp|tiff?";
const DOCUMENT_EXT = "pdf|docx?|odt|rtf|xlsx?|ods|csv|pptx?|odp|epub|pages|numbers|key|md|txt|tex";
const OTHER_EXT = "json|ya?ml|toml|xml|html?|zip|tar\\.gz|tgz|7z|py|ts|js|ipynb|sql|log|mp3|wav|mp4|mov|avi|mkv";
const FILE = new RegExp(String.raw`(?<![\w@/.:-])((?:~|\.{1,2})?\/?(?:[\w.-]+\/)*[\w-][\w.-]*\.(?:${IMAGE_EXT}|${DOCUMENT_EXT}|${OTHER_EXT}))(?![\w/-])`, "gi");
const TECH_NAMES = /^[A-Z][a-z]+\.(?:js|ts)$/; // Node.js, Vue.js: names, not files
const QUOTED = /["“]([^"“”\n]{2,80}?)[,.!?]?["”]/g;
const MEDIA_CUES: [RegExp, string][] = [
  [/\b(?:book|novel|read|reading|author|chapter|memoir)\b/i, "Book"],
  [/\b(?:song|album|listen|listening|music|jam|track|sings?|band)\b/i, "Song"],
  [/\b(?:movie|film|watch|watched|watching|show|series|documentary|episode)\b/i, "Film or show"],
  [/\b(?:podcast)\b/i, "Podcast"],
  [/\b(?:piece|painting|poem|play|musical|choreography|dance|artwork|story|stories|title)\b/i, "Work"],
  [/["”]\s+by\s+\p{Lu}/u, "Work"],
];

function resourceTypeOf(name: string, fallback: string): string {
  if (new RegExp(String.raw`\.(?:${IMAGE_EXT})(?:$|[?#])`, "i").test(name)) return "image";
  if (new RegExp(String.raw`\.(?:${DOCUMENT_EXT})(?:$|[?#])`, "i").test(name)) return "document";
  return fallback;
}

function sentenceAt(analyzed: AnalyzedMessage, offset: number): AnalyzedSentence | undefined {
  return analyzed.sentences.find((sentence) => offset >= sentence.start && offset < sentence.end + 1);
}

/**
 * Resource candidates: links (`http(s)://`, `www.`), file names and paths (`report.pdf`,
 * `~/notes/todo.md`), the shared image (`image_caption`, `image_url`), and quoted titles of
 * books, songs, films and other works ("Becoming Nicole"), recognized by a cue word in the
 * sentence or, failing that, in the message ("read", "song", "movie", `"..." by <Name>`). Text is drawn from this message only;
 * secrets were masked before (a token inside a URL reads `[api_key]`).
 */
export function extractResources(analyzed: AnalyzedMessage): CandidateOf<"resource">[] {
  const { message, speaker, content } = analyzed;
  const day = formatDay(analyzed.reference);
  const resources: CandidateOf<"resource">[] = [];
  const add = (title: string, resourceType: string, summary: string, uri: string, body: string, importance: number): void => {
    if (resources.some((resource) => resource.uri === uri && resource.title === title)) return;
    resources.push({
      type: "resource",
      text: truncate(`${summary} (shared by ${speaker} on ${day})`, 1200),
      sources: [message.id],
      valid_from: message.timestamp,
      importance,
      // No key: sharing the same link again is a new mention, not a new value of an old one.
      key: "",
      title,
      resource_type: resourceType,
      summary,
      content: body,
      uri,
    });
  };
  const rendered = (offset: number): string => {
    const sentence = sentenceAt(analyzed, offset);
    return sentence ? renderSentence(sentence, speaker) : content;
  };

  const urlSpans: [number, number][] = [];
  for (const match of content.matchAll(URL)) {
    const uri = match[0].replace(/[.,;:!?)\]]+$/, "");
    urlSpans.push([match.index, match.index + uri.length]);
    const path = uri.replace(/^https?:\/\//i, "").replace(/[?#].*$/, "").replace(/\/$/, "");
    add(path, resourceTypeOf(path, "link"), `Link: ${rendered(match.index)}`, uri, content, 0.55);
  }
  for (const match of content.matchAll(FILE)) {
    const name = match[1] ?? "";
    if (TECH_NAMES.test(name) || urlSpans.some(([start, end]) => match.index >= start && match.index < end)) continue;
    const base = name.split("/").pop() ?? name;
    // The sentence names the file already: naming it again costs tokens, and recall drops the name from the
    // summary it shows beside the file ("File : Ada shared the file with ...").
    const said = rendered(match.index);
    add(base, resourceTypeOf(name, "file"), said.includes(name) ? said : `File ${base}: ${said}`, name, content, 0.5);
  }

  const caption = message.image_caption.trim();
  if (caption !== "" || message.image_url !== "") {
    const phrase = caption === "" ? "an image" : captionPhrase(caption);
    const context = informativeSentences(analyzed).map((sentence) => renderSentence(sentence, speaker)).join(" ");
    const summary = `${speaker} shared ${phrase}${context ? `. ${speaker}'s message: ${truncate(context, 300)}` : ""}`;
    add(phrase, "image", summary, message.image_url, context, 0.4);
  }

  for (const sentence of analyzed.sentences) {
    for (const match of sentence.text.matchAll(QUOTED)) {
      const title = (match[1] ?? "").trim();
      const kind = (MEDIA_CUES.find(([cue]) => cue.test(sentence.text)) ?? MEDIA_CUES.find(([cue]) => cue.test(content)))?.[1];
      if (!kind || title.split(/\s+/).length > 10) continue;
      add(title, "document", `${kind} "${title}" mentioned by ${speaker}: ${renderSentence(sentence, speaker)}`, "", sentence.text, 0.5);
    }
  }
  return resources;
}
