// Module path and version escaping as in golang.org/x/mod/module: on disk and in
// proxy URLs every upper-case letter becomes '!' plus its lower-case form.

export function escapePath(path: string): string {
  return path.replace(/[A-Z]/g, c => '!' + c.toLowerCase())
}

export function unescapePath(escaped: string): string {
  return escaped.replace(/!([a-z])/g, (_, c: string) => c.toUpperCase())
}

/** `P@V`, the form go uses in messages and we use as a module version's identity. */
export function moduleId(path: string, version: string): string {
  return `${path}@${version}`
}
