package io.loomotp.sys.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;

/**
 * Tab completion in the remote shell: the first word from the command language's commands (and {@code quit}), an
 * option from the command's own options, and any other word from the words the command takes ({@code on}, {@code
 * off}, what {@code top} ranks by, an exit reason) and from the names and pids of the node's live processes, asked of
 * the node's bean ({@code names()}) each time Tab is pressed, so that they are never stale.
 */
final class Completion implements Completer {
    /** The commands whose first argument is a process (NAME). */
    private static final Set<String> ON_PROCESS = Set.of("info", "state", "status", "stats", "suspend", "resume",
            "kill", "exit", "log", "trace");

    /** The words a command takes besides a process, by command. */
    private static final Map<String, List<String>> WORDS = Map.of(
            "trace", List.of("on", "off", "clear"),
            "log", List.of("on", "off", "print"),
            "top", List.of("mailbox", "messages", "handler-time", "memory"),
            "exit", List.of("normal", "shutdown", "kill"),
            "help", List.of());

    private final Shell shell;
    private final CommandLine commands;

    Completion(Shell shell, CommandLine commands) {
        this.shell = shell;
        this.commands = commands;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            commands.getSubcommands().keySet().forEach(c -> candidates.add(new Candidate(c)));
            candidates.add(new Candidate("quit"));
            return;
        }
        String verb = line.words().getFirst();
        CommandLine command = commands.getSubcommands().get(verb);
        if (command == null) {
            return;
        }
        if (verb.equals("help")) {
            commands.getSubcommands().keySet().forEach(c -> candidates.add(new Candidate(c)));
            return;
        }
        if (line.word().startsWith("-")) {
            command.getCommandSpec().options().forEach(o -> candidates.add(new Candidate(o.longestName())));
            return;
        }
        WORDS.getOrDefault(verb, List.of()).forEach(w -> candidates.add(new Candidate(w)));
        if (ON_PROCESS.contains(verb) && line.wordIndex() == 1) {
            try {
                for (String name : shell.node().names()) {
                    candidates.add(new Candidate(name));
                }
            } catch (RuntimeException unreachable) {
                // the node cannot answer now: nothing to offer
            }
        }
    }
}
