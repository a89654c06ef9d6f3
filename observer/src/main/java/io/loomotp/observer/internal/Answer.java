package io.loomotp.observer.internal;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.NoProcessException;
import java.nio.charset.StandardCharsets;

/**
 * One answer of the observer's API, before it is sent: a status, a content type and a body. The routes make it the
 * same way whichever node asked, so that an answer made on another node ({@link NodeLink}) reaches the page exactly as
 * a local one: the service {@value NodeLink#SERVICE} sends it back as text, {@link #encode} and {@link #decode}.
 *
 * @param status the HTTP status: 200, or an error's (see {@link #error})
 * @param contentType the body's type
 * @param body JSON, an HTML fragment, or one line of text for an error
 */
record Answer(int status, String contentType, String body) {
    static final String JSON = "application/json; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    static Answer json(Object value) {
        return new Answer(200, JSON, Json.write(value));
    }

    static Answer html(String fragment) {
        return new Answer(200, HTML, fragment);
    }

    static Answer text(int status, String line) {
        return new Answer(status, TEXT, line.endsWith("\n") ? line : line + "\n");
    }

    /**
     * The answer to a request that failed with {@code e}: 400 for bad input, 404 for a dead process, 409 for an
     * action the process's state refuses, 504 when a process did not answer in time; null for anything else (a bug,
     * which the caller logs and answers 500).
     */
    static Answer error(RuntimeException e) {
        return switch (e) {
            case IllegalArgumentException x -> text(400, message(x));
            case NoProcessException x -> text(404, message(x));
            case IllegalStateException x -> text(409, message(x));
            case CallTimeoutException x -> text(504, message(x));
            default -> null;
        };
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : clip(e.getMessage(), LINE);
    }

    /** The longest error line sent back: what was typed is echoed in it, and may be of any length. */
    private static final int LINE = 400;
    /** The longest piece of a request (a name, a parameter) quoted in an error line. */
    private static final int QUOTED = 80;

    /** {@code s}, cut to {@value #QUOTED} characters if longer, saying how much was cut. */
    static String clip(String s) {
        return clip(s, QUOTED);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "... (" + (s.length() - max) + " more characters)";
    }

    byte[] bytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** As text for the service: the status, the content type, then the body, on their own lines. */
    String encode() {
        return status + "\n" + contentType + "\n" + body;
    }

    /**
     * An answer from its {@link #encode}d text.
     *
     * @throws IllegalStateException if the text is not one (a node that runs another version of the observer)
     */
    static Answer decode(String text) {
        int first = text.indexOf('\n');
        int second = first < 0 ? -1 : text.indexOf('\n', first + 1);
        if (second < 0) {
            throw new IllegalStateException("not an observer's answer: " + text.lines().findFirst().orElse(""));
        }
        try {
            return new Answer(Integer.parseInt(text.substring(0, first)), text.substring(first + 1, second),
                    text.substring(second + 1));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("not an observer's answer: " + text.lines().findFirst().orElse(""));
        }
    }
}
