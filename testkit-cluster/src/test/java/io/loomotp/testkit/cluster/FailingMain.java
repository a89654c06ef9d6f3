package io.loomotp.testkit.cluster;

/** A node main whose set-up fails: the node never says READY, and its JVM ends with status 1. */
public final class FailingMain {
    private FailingMain() {}

    public static void main(String[] args) {
        TestNodeMain.run(config -> config, (node, cluster, commands) -> {
            throw new IllegalStateException("set-up refused on purpose");
        });
    }
}
