// One binary-safe folder grep for every test package: the library's tests own it.
export { grepFolder, listFiles } from "../../packages/memory/test/helpers/grep-folder";
