package io.loomotp.bench.jmh;

/** Runs the JMH benchmarks: {@code bin/bench --jmh [JMH options]}, e.g. {@code --jmh CallBench -prof gc}. */
public final class Jmh {
    private Jmh() {}

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }
}
