package io.loomotp.runtime.report;

import io.loomotp.runtime.ExitReason;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Renders exit reasons for reports: a crash shows its exception and stack trace. */
final class Reasons {
    private Reasons() {}

    static String describe(ExitReason reason) {
        if (reason instanceof ExitReason.Crash(Throwable cause)) {
            StringWriter w = new StringWriter();
            cause.printStackTrace(new PrintWriter(w));
            return w.toString().stripTrailing();
        }
        return String.valueOf(reason);
    }
}
