package io.loomotp.runtime.supervisor;

/**
 * What {@code countChildren} answers, as OTP's.
 *
 * @param specs child specs; 1 for a {@code SIMPLE_ONE_FOR_ONE} supervisor, whose one spec is its template
 * @param active running children
 * @param supervisors children that are supervisors, running or not (for a {@code SIMPLE_ONE_FOR_ONE} supervisor of
 *     supervisors, all its children, running or restarting)
 * @param workers children that are workers, running or not (likewise)
 */
public record ChildCount(int specs, int active, int supervisors, int workers) {}
