package io.loomotp.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A collection of asynchronous requests in flight, each with a label: OTP 25's request identifier collection
 * ({@code reqids_new/0}, {@code reqids_add/3}, {@code reqids_size/1}, {@code reqids_to_list/1}). Handed to
 * {@code GenServer.receiveResponse(ids, timeout, delete)}, {@code waitResponse} or {@code checkResponse}, it takes
 * whichever response comes first, and says which request it answers by its label.
 *
 * <p>Unlike OTP's, it is mutable: {@link #add} and a {@code delete} take effect in this collection. Owner only: the
 * process that sent the requests uses it.
 *
 * @param <L> the labels' type
 */
public final class RequestIds<L> {
    private final Map<RequestId, L> labels = new LinkedHashMap<>();

    /** One response and the label of the request it answers. */
    public record Labelled<L>(Response response, L label) {}

    /**
     * Adds a request with its label (which may be null): {@code reqids_add/3}.
     *
     * @return this collection
     * @throws IllegalArgumentException if the request is in it already (OTP's {@code badarg})
     */
    public RequestIds<L> add(RequestId id, L label) {
        Objects.requireNonNull(id, "request id");
        if (labels.containsKey(id)) {
            throw new IllegalArgumentException(id + " is in this collection already, with label " + labels.get(id));
        }
        labels.put(id, label);
        return this;
    }

    /** Whether the request is in this collection. */
    public boolean contains(RequestId id) {
        return labels.containsKey(id);
    }

    /** The label of a request in this collection, or null. */
    public L label(RequestId id) {
        return labels.get(id);
    }

    /** Takes a request out; false if it was not in. */
    public boolean remove(RequestId id) {
        if (!labels.containsKey(id)) {
            return false;
        }
        labels.remove(id);
        return true;
    }

    /** How many requests it holds: {@code reqids_size/1}. */
    public int size() {
        return labels.size();
    }

    public boolean isEmpty() {
        return labels.isEmpty();
    }

    /** The requests and their labels, in the order added: {@code reqids_to_list/1}. */
    public Map<RequestId, L> toMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    @Override
    public String toString() {
        return "RequestIds" + labels;
    }
}
