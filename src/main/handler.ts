/**
 * What a handler is, by its method's policy: reads and synchronous writes answer at once (a write runs
 * inside the handler layer's transaction), asynchronous writes and file producers answer with a promise.
 * Each service file exports the handlers of its method family; `api.ts` joins them.
 */
import type { Method, Output, Parsed, PolicyOf } from '../shared/api'
import type { DB } from './db/open'
import type { CallContext } from './errors'

type Answer<M extends Method> = PolicyOf<M>['kind'] extends 'write'
  ? Output<M>
  : PolicyOf<M>['kind'] extends 'read'
    ? Output<M> | Promise<Output<M>>
    : Promise<Output<M>>

export type Handler<M extends Method> = (db: DB, input: Parsed<M>, ctx: CallContext) => Answer<M>

/** The handlers of every method whose name starts with `<family>.`. */
export type HandlersOf<Family extends string> = { [M in Method as M extends `${Family}.${string}` ? M : never]: Handler<M> }

export type Handlers = { [M in Method]: Handler<M> }
