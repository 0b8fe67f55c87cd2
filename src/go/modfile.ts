// go.mod and go.work share one lexical syntax: directives, optionally in ( ) blocks,
// with // comments. We keep line numbers because annotations point at them.

export interface Requirement {
  path: string
  version: string
  line: number
  indirect: boolean
}

export interface Replacement {
  path: string
  version?: string
  newPath: string
  newVersion?: string
  line: number
}

export interface ModFile {
  module?: string
  go?: string
  toolchain?: string
  requires: Requirement[]
  replaces: Replacement[]
  /** go.work only: the directories of its `use` lines. */
  uses: string[]
}

export class ModFileError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`)
    this.name = 'ModFileError'
  }
}

interface Statement {
  verb: string
  args: string[]
  comment: string
  line: number
}

function tokenize(text: string, file: string, lineNo: number): { tokens: string[]; comment: string } {
  const tokens: string[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (c === ' ' || c === '\t' || c === '\r') {
      i++
    } else if (text.startsWith('//', i)) {
      return { tokens, comment: text.slice(i + 2).trim() }
    } else if (c === '"' || c === '`') {
      const end = text.indexOf(c, i + 1)
      if (end < 0) throw new ModFileError(file, lineNo, 'unterminated quoted string')
      const raw = text.slice(i, end + 1)
      tokens.push(c === '"' ? (JSON.parse(raw) as string) : raw.slice(1, -1))
      i = end + 1
    } else {
      let j = i
      while (j < text.length && !' \t\r'.includes(text[j]!) && !text.startsWith('//', j)) j++
      tokens.push(text.slice(i, j))
      i = j
    }
  }
  return { tokens, comment: '' }
}

function statements(content: string, file: string): Statement[] {
  const out: Statement[] = []
  let block: string | undefined
  content.split('\n').forEach((raw, index) => {
    const line = index + 1
    const { tokens, comment } = tokenize(raw, file, line)
    if (tokens.length === 0) return
    if (block !== undefined) {
      if (tokens[0] === ')') {
        block = undefined
        return
      }
      out.push({ verb: block, args: tokens, comment, line })
      return
    }
    if (tokens.length === 2 && tokens[1] === '(') {
      block = tokens[0]
      return
    }
    out.push({ verb: tokens[0]!, args: tokens.slice(1), comment, line })
  })
  if (block !== undefined) throw new ModFileError(file, content.split('\n').length, `unterminated ${block} block`)
  return out
}

export function parseModFile(content: string, file: string): ModFile {
  const result: ModFile = { requires: [], replaces: [], uses: [] }
  for (const s of statements(content, file)) {
    switch (s.verb) {
      case 'module':
        result.module = s.args[0]
        break
      case 'go':
        result.go = s.args[0]
        break
      case 'toolchain':
        result.toolchain = s.args[0]
        break
      case 'require':
        if (s.args.length !== 2) throw new ModFileError(file, s.line, 'usage: require module/path v1.2.3')
        result.requires.push({
          path: s.args[0]!,
          version: s.args[1]!,
          line: s.line,
          indirect: /^indirect(;|$)/.test(s.comment)
        })
        break
      case 'replace': {
        const arrow = s.args.indexOf('=>')
        if (arrow < 1 || arrow > 2 || s.args.length - arrow - 1 < 1)
          throw new ModFileError(file, s.line, 'usage: replace module/path [v1.2.3] => other/module v1.4 | ../local/dir')
        result.replaces.push({
          path: s.args[0]!,
          version: arrow === 2 ? s.args[1] : undefined,
          newPath: s.args[arrow + 1]!,
          newVersion: s.args[arrow + 2],
          line: s.line
        })
        break
      }
      case 'use':
        if (s.args[0] !== undefined) result.uses.push(s.args[0])
        break
      default:
        // exclude, retract, godebug, tool, ignore: nothing here depends on them.
        break
    }
  }
  return result
}
