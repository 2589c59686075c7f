/** Where a long command's human-readable lines go: stderr when stdout is reserved for JSON. */
export function progressLog(json: boolean): (line: string) => void {
  return json ? (line) => console.error(line) : (line) => console.log(line);
}
