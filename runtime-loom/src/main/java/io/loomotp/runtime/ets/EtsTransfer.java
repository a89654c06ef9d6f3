package io.loomotp.runtime.ets;

import io.loomotp.runtime.Pid;

/**
 * The message a process gets when it becomes a table's owner: ETS's {@code {'ETS-TRANSFER', Tab, FromPid, GiftData}}.
 * Sent by {@link Table#giveAway} ({@code from} is the old owner, {@code data} the gift) and, when an owner with an
 * heir dies, to the heir ({@code from} is the dead owner, {@code data} the heir data of the options).
 */
public record EtsTransfer(Table<?, ?> table, Pid from, Object data) {}
