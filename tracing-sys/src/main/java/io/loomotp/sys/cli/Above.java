package io.loomotp.sys.cli;

import java.io.Writer;
import org.jline.reader.LineReader;

/**
 * Where the remote shell writes on a terminal: text gathered until a flush, then printed above the line being typed
 * (JLine redraws the prompt and the half-typed line below it), or simply printed while no line is being read. This is
 * how trace lines stream while the operator types.
 */
final class Above extends Writer {
    private final LineReader reader;
    private final StringBuilder pending = new StringBuilder();

    Above(LineReader reader) {
        this.reader = reader;
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
        pending.append(chars, offset, length);
    }

    @Override
    public synchronized void flush() {
        if (!pending.isEmpty()) {
            reader.printAbove(pending.toString());
            pending.setLength(0);
        }
    }

    @Override
    public void close() {
        flush();
    }
}
