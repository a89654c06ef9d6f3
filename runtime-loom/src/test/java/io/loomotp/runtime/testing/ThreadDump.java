package io.loomotp.runtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The stacks of this JVM's threads, virtual ones included, for a test that timed out waiting: a bounded wait that
 * fails says what was waited for, and this says why it did not come. Only the threads that run Loom OTP or JGroups
 * code are kept, so that a failure report stays readable.
 */
public final class ThreadDump {
    private static final int MAX_LINES = 600;

    private ThreadDump() {}

    /** The dump, filtered, as text; a line saying why if the JVM could not write one. */
    public static String ofLoomOtpThreads() {
        try {
            Path file = Files.createTempFile("loomotp-threads", ".txt");
            Files.delete(file); // dumpThreads refuses an existing file
            try {
                dumpTo(file);
                return filter(Files.readString(file));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /**
     * {@code HotSpotDiagnosticMXBean.dumpThreads}, the one JDK call that includes virtual threads; reached by
     * reflection because this module's tests are compiled inside {@code io.loomotp.runtime}, which does not read
     * {@code jdk.management}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void dumpTo(Path file) throws ReflectiveOperationException {
        Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
        Class<?> bean = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
        Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
        Object diagnostics = factory.getMethod("getPlatformMXBean", Class.class).invoke(null, bean);
        bean.getMethod("dumpThreads", String.class, format)
                .invoke(diagnostics, file.toString(), Enum.valueOf((Class) format, "TEXT_PLAIN"));
    }

    private static String filter(String dump) {
        List<String> kept = new ArrayList<>();
        for (String block : dump.split("\n\\s*\n")) {
            if (block.contains("io.loomotp") || block.contains("org.jgroups")) {
                kept.add(block);
            }
        }
        String text = String.join("\n\n", kept);
        String[] lines = text.split("\n");
        if (lines.length <= MAX_LINES) {
            return text;
        }
        return String.join("\n", java.util.Arrays.copyOf(lines, MAX_LINES)) + "\n... (" + (lines.length - MAX_LINES)
                + " more lines)";
    }
}
