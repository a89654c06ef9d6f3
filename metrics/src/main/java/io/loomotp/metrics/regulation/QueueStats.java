package io.loomotp.metrics.regulation;

/**
 * A regulated queue's state at one moment: {@code jobs:queue_info/1}'s figures.
 *
 * @param name the queue
 * @param waiting requests waiting
 * @param running requests admitted and not yet done (counted under a counter regulator only)
 * @param admitted requests admitted since the queue was added
 * @param rejectedFull requests rejected because {@code max_size} were waiting
 * @param rejectedMaxTime requests rejected because they waited longer than {@code max_time}
 * @param rateLimit the rate limit now, after feedback (0 if the queue has no rate regulator)
 * @param counterLimit the counter limit now, after feedback (0 if the queue has no counter regulator)
 */
public record QueueStats(String name, int waiting, int running, long admitted, long rejectedFull,
                         long rejectedMaxTime, double rateLimit, int counterLimit) {}
