package io.loomotp.telecom;

import io.loomotp.runtime.event.EventHandler;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The book's {@code logger} handler, writing to a file: {@code Id:1 Time:... Event:...} per event. */
public final class FileLogger implements EventHandler {
    private final Path file;
    private BufferedWriter out;
    private long id;

    public FileLogger(Path file) {
        this.file = file;
    }

    @Override
    public void init() throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    @Override
    public void handleEvent(Object event) throws IOException {
        out.write("Id:" + (++id) + " Time:" + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                + " Event:" + event);
        out.newLine();
        out.flush();
    }

    @Override
    public Object terminate(Removal reason) throws IOException {
        out.close();
        return null;
    }

    @Override
    public String toString() {
        return "FileLogger[" + file + ", " + id + " events]";
    }
}
