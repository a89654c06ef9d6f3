package io.loomotp.runtime.ets;

import io.loomotp.runtime.Pid;

/**
 * What {@code ets:info/1} tells of a table.
 *
 * @param name its name, or null for an unnamed table
 * @param heir its heir, or null ({@code none})
 * @param size how many objects it holds (for a bag, every value counts)
 */
public record TableInfo(String name, TableType type, Access access, Pid owner, Pid heir, int size) {}
