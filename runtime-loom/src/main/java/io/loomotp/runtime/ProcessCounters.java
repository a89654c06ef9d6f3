package io.loomotp.runtime;

import java.time.Duration;

/**
 * A process's counters, read without stopping it and without taking its stack: cheap enough to read for every
 * process many times a second, as watchdogs and {@code procCount} do. Read racily: estimates that were true a moment
 * ago.
 *
 * @param pid the process
 * @param registeredName its name, or null
 * @param status what it is doing now
 * @param mailboxLength messages waiting
 * @param messagesIn messages it has taken from its mailbox
 * @param messagesOut messages it has sent
 * @param handlerTime time spent in handlers (sampled: see {@code Tuning})
 * @param droppedMessages messages its bounded mailbox refused or dropped
 * @param onCarrier whether its virtual thread is runnable now (mounted on a carrier, or about to be), as opposed to
 *     parked or dormant: a process that runs for long with this true holds a carrier
 * @param unseenMessages of {@code mailboxLength}, the messages it has not looked at yet: a process parked in a
 *     selective receive (or suspended) has looked at the others and keeps them, so with this at zero it is waiting,
 *     not behind
 */
public record ProcessCounters(Pid pid, String registeredName, ProcessStatus status, int mailboxLength,
                              long messagesIn, long messagesOut, Duration handlerTime, long droppedMessages,
                              boolean onCarrier, int unseenMessages) {}
