package io.loomotp.runtime.supervisor;

/**
 * What {@code countChildren} answers, as OTP's.
 *
 * @param specs child specs (for a {@code SIMPLE_ONE_FOR_ONE} supervisor, its children)
 * @param active running children
 * @param supervisors children that are supervisors, running or not
 * @param workers children that are workers, running or not
 */
public record ChildCount(int specs, int active, int supervisors, int workers) {}
