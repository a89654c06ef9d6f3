package io.loomotp.telecom;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The simulated phones: starts them, stops them (each finishes its call first), and keeps their figures. */
public final class Load {
    private final BscConfig config;
    private final HlrHolder hlr;
    private final Stats stats = new Stats();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch done;
    private final List<String> numbers = new ArrayList<>();
    private final List<io.loomotp.runtime.Pid> phones = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Node node;
    /** How a phone on another node than {@code bsc}'s finds its controller; null when the phones run with it. */
    private java.util.function.Function<String, Pid> finder;

    /** What wakes a phone that thinks, when the load stops. */
    record Stop() {}

    /** The first number of the phones of {@link #start}: theirs are 100000, 100001, and so on. */
    static final int FIRST_NUMBER = 100_000;

    private final List<String> directory;

    private Load(BscConfig config, HlrHolder hlr, int firstNumber, List<String> directory) {
        this.config = config;
        this.hlr = hlr;
        this.done = new CountDownLatch(config.phones());
        for (int i = 0; i < config.phones(); i++) {
            numbers.add(String.valueOf(firstNumber + i));
        }
        this.directory = directory == null ? List.copyOf(numbers) : List.copyOf(directory);
    }

    /** Starts the phones on a node whose {@code bsc} application runs. */
    public static Load start(Node node, BscConfig config, HlrHolder hlr) {
        Load load = new Load(config, hlr, FIRST_NUMBER, null);
        load.spawnPhones(node);
        return load;
    }

    /**
     * Starts the phones of one node of a cluster, wherever {@code bsc} runs (cluster mode): each finds its controller
     * through {@code finder}, which answers null when there is none to be had now (it is asked again, a little later).
     * Their numbers are {@code firstNumber}, {@code firstNumber + 1}, and so on, distinct from the other nodes' phones;
     * they dial numbers of {@code directory}, which may name phones of other nodes (an absent one is {@code Invalid}).
     */
    public static Load startRemote(Node node, BscConfig config, int firstNumber, List<String> directory,
                                   java.util.function.Function<String, Pid> finder) {
        Load load = new Load(config, null, firstNumber, directory);
        load.finder = finder;
        load.spawnPhones(node);
        return load;
    }

    private void spawnPhones(Node on) {
        node = on;
        for (String n : numbers) {
            phones.add(on.spawn(new SimPhone(this, n, directory)));
        }
    }

    /** Stops making calls; each phone ends its call (or waits for its outcome), and leaves. */
    public void stop() {
        stopping.set(true);
        for (io.loomotp.runtime.Pid p : phones) {
            node.send(p, new Stop());
        }
    }

    /** Waits for every phone to have left, up to a timeout; true if they all did. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Stats stats() {
        return stats;
    }

    public BscConfig config() {
        return config;
    }

    public List<String> numbers() {
        return List.copyOf(numbers);
    }

    java.util.function.Function<String, Pid> finder() {
        return finder;
    }

    Hlr hlr() {
        return hlr.current();
    }

    boolean stopping() {
        return stopping.get();
    }

    void phoneDone() {
        done.countDown();
    }
}
