import { readdirSync, readFileSync } from 'node:fs'

/** Each thread's nice value in this process (Linux: /proc/self/task/<id>/stat, field 19). */
export const threadNices = (): number[] =>
  readdirSync('/proc/self/task').map((t) =>
    Number(readFileSync(`/proc/self/task/${t}/stat`, 'utf8').split(') ')[1]!.split(' ')[16])
  )
