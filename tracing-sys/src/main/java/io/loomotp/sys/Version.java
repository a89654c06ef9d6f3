package io.loomotp.sys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of Loom OTP that runs, exactly as the build named it ({@code 0.1.0-SNAPSHOT}, not {@code 0.1.0}): what
 * {@code bin/loomotp -V}, {@code bin/bsc -V} and their start banners print.
 */
public final class Version {
    private static final String VERSION = load();

    private Version() {}

    /** The version, such as {@code 0.1.0-SNAPSHOT}. */
    public static String number() {
        return VERSION;
    }

    /** {@code Loom OTP 0.1.0-SNAPSHOT}. */
    public static String text() {
        return "Loom OTP " + VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from tracing-sys: a broken build");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
