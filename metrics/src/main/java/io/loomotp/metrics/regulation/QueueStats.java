package io.loomotp.metrics.regulation;

/**
 * A regulated queue's state at one moment: {@code jobs:queue_info/1}'s figures. Its four rejection counts are those
 * of the meter {@code loomotp.regulator.rejected{queue, reason}}, one per reason: a request asked for is admitted,
 * waiting, or counted under one of them. The counts are read one after another, not as one atomic snapshot.
 *
 * @param name the queue
 * @param waiting requests waiting
 * @param running requests admitted and not yet done (counted under a counter regulator only)
 * @param admitted requests admitted since the queue was added
 * @param rejectedFull requests rejected because {@code max_size} were waiting ({@code queue_full})
 * @param rejectedMaxTime requests rejected because their way did not open within {@code max_time} ({@code max_time})
 * @param rejectedClosed requests rejected because the regulator was closed: those waiting then, and any asked for
 *     after ({@code closed})
 * @param rejectedWithdrawn requests whose asker gave up while they waited: interrupted, its waiting ticket handed
 *     back with {@code done()}, or a process that ended ({@code withdrawn}); not a refusal of the queue's
 * @param rateLimit the rate limit now, after feedback (0 if the queue has no rate regulator)
 * @param counterLimit the counter limit now, after feedback (0 if the queue has no counter regulator)
 */
public record QueueStats(String name, int waiting, int running, long admitted, long rejectedFull,
                         long rejectedMaxTime, long rejectedClosed, long rejectedWithdrawn, double rateLimit,
                         int counterLimit) {}
