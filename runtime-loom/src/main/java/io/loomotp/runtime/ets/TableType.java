package io.loomotp.runtime.ets;

/** How a table keeps its keys: ETS's {@code set}, {@code ordered_set}, {@code bag} and {@code duplicate_bag}. */
public enum TableType {
    /** One value per key, in no particular order. */
    SET,
    /**
     * One value per key, in key order: the keys must be {@link Comparable} to each other, or the options give a
     * comparator.
     */
    ORDERED_SET,
    /** Many values per key, each value once under its key. */
    BAG,
    /** Many values per key, the same value as often as it was inserted. */
    DUPLICATE_BAG
}
