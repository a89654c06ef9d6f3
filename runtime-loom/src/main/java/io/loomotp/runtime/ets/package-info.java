/**
 * Tables owned by processes: Erlang's ETS. A {@link io.loomotp.runtime.ets.Table} is made by a process, which owns
 * it; it is a concurrent map that every process of the node may read (and, if it is public, write) without a message,
 * and it goes when its owner dies, unless an heir takes it. See {@link io.loomotp.runtime.ets.Ets}.
 */
package io.loomotp.runtime.ets;
