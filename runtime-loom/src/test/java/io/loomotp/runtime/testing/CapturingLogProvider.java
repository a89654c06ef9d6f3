package io.loomotp.runtime.testing;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The slf4j service provider behind {@link LogCapture}: loggers that hand every enabled line to it. The thresholds are
 * slf4j-simple's properties, read as slf4j-simple reads them: {@code org.slf4j.simpleLogger.log.<name>} for a logger
 * and the loggers under it (the nearest name wins; {@code off} logs nothing), else
 * {@code org.slf4j.simpleLogger.defaultLogLevel} (default {@code info}), which the build sets to {@code warn} for
 * tests. So a module's tests keep the same levels whichever of the two back-ends they run on.
 */
public final class CapturingLogProvider implements SLF4JServiceProvider {
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, CapturingLogger::new);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {}

    private static final String LOGGER_LEVEL = "org.slf4j.simpleLogger.log.";

    /** The lowest level a logger of that name logs: its own setting or its nearest parent's, else the default. */
    static int threshold(String name) {
        for (String n = name; ; n = n.substring(0, n.lastIndexOf('.'))) {
            String level = System.getProperty(LOGGER_LEVEL + n);
            if (level != null) {
                return level(level);
            }
            if (n.lastIndexOf('.') < 0) {
                return level(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "info"));
            }
        }
    }

    private static int level(String setting) {
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.TRACE.toInt();
            case "debug" -> Level.DEBUG.toInt();
            case "warn" -> Level.WARN.toInt();
            case "error" -> Level.ERROR.toInt();
            case "off" -> Integer.MAX_VALUE;
            default -> Level.INFO.toInt(); // slf4j-simple's default, for "info" and for anything it does not know
        };
    }

    /** A logger that formats a line and gives it to {@link LogCapture}. */
    private static final class CapturingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final int threshold;

        CapturingLogger(String name) {
            this.name = name;
            this.threshold = threshold(name);
        }

        private boolean on(Level level) {
            return level.toInt() >= threshold;
        }

        @Override
        public boolean isTraceEnabled() {
            return on(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return on(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return on(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return on(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return on(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                Throwable thrown) {
            String message = MessageFormatter.basicArrayFormat(pattern, args);
            LogCapture.log(new LogCapture.Event(level, name, message, thrown));
        }
    }
}
