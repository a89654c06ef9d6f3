package io.loomotp.runtime.inline;

import io.loomotp.runtime.server.ServerCallbacks;

/**
 * A state machine's generic part, ready to run inline: the adapter the server loop runs for every machine (the
 * runtime's gen_statem: event queue, postpone, enter calls, timeouts) and the machine it holds. The harness calls
 * the adapter's {@code init}, {@code handleCall}, {@code handleCast}, {@code handleInfo} and {@code terminate} with
 * {@code machine}, inside {@link Inline#run}; {@code exposeState(machine)} gives the state and data.
 *
 * @param callbacks the adapter, as the server loop sees it
 * @param machine its state: the user's data, the current state, queues and timers
 */
public record InlineMachine(ServerCallbacks<Object> callbacks, Object machine) {}
