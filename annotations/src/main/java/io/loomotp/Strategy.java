package io.loomotp;

/** How a supervisor restarts its children when one of them ends: OTP's restart strategies. */
public enum Strategy {
    /** Only the child that ended is restarted. */
    ONE_FOR_ONE,
    /** Every child is stopped (in reverse start order) and all are started again, in order. */
    ONE_FOR_ALL,
    /** The child that ended and every child started after it are stopped and started again, in order. */
    REST_FOR_ONE,
    /**
     * One template, many children of it, started at run time with arguments ({@code startChild}); each is restarted
     * alone, and on shutdown they are stopped concurrently.
     */
    SIMPLE_ONE_FOR_ONE
}
