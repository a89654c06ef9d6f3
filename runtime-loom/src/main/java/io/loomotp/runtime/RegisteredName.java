package io.loomotp.runtime;

import java.util.Objects;

/**
 * A registered name on a node: Erlang's {@code {Name, Node}}, as a {@link Down} from a monitor set by name
 * ({@link Process#monitor(String)}) identifies what it monitored.
 *
 * @param name the registered name
 * @param node the name of the node it was looked up on
 */
public record RegisteredName(String name, String node) {
    public RegisteredName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(node, "node");
    }

    @Override
    public String toString() {
        return "{" + name + ", " + node + "}";
    }
}
