package io.loomotp.runtime.sys;

import java.time.Duration;
import java.time.Instant;

/**
 * What {@code sys:statistics(Pid, get)} answers: counts since statistics were switched on.
 *
 * @param startTime when statistics were switched on
 * @param currentTime when this answer was made
 * @param messagesIn messages the process has taken from its mailbox since
 * @param messagesOut messages it has sent since (sends, casts, calls and replies)
 * @param handlerTime time spent in its handlers since, estimated from one message in eight (each timed message counts
 *     eight times; {@code -Dloomotp.handlerTimeSampleMask=0} times them all): the counterpart of Erlang's reductions
 */
public record Statistics(Instant startTime, Instant currentTime, long messagesIn, long messagesOut,
                         Duration handlerTime) {}
