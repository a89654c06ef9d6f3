package io.loomotp.sys.cli;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.management.MBeanException;
import javax.management.RuntimeMBeanException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command language put together: the {@link Commands} under a root (the attach CLI's, or a console's), and how it
 * answers mistakes. Every mistake is one line on the error stream, {@code error: ...}, saying what was wrong and what
 * is expected; a mistake in what was typed exits with 2, a command that failed with 1, and a stack trace is printed
 * only when {@code --verbose} asks for one.
 */
public final class Language {
    private Language() {}

    /** The root of a console: its commands are typed without a program name. */
    @Command(name = "", customSynopsis = "COMMAND [ARGUMENTS]   (help COMMAND explains one; quit leaves)",
            description = "The commands, the same as bin/loomotp's:", subcommands = CommandLine.HelpCommand.class)
    static final class ConsoleRoot {}

    /** A console's command line: the commands, {@code help}, and the console's own commands. */
    public static CommandLine console(Shell shell, List<Object> ownCommands) {
        CommandLine root = new CommandLine(new ConsoleRoot());
        Commands.all(shell).forEach(root::addSubcommand);
        ownCommands.forEach(root::addSubcommand);
        return handleMistakes(root, () -> false).setOut(shell.out()).setErr(shell.out());
    }

    /**
     * The words of a line typed at a console or the remote shell, as a shell splits them: on spaces, with a word in
     * single or double quotes taken whole and without its quotes ({@code exit X "two words"}, {@code state 'frequency'},
     * as an operator used to a shell types them).
     *
     * @throws IllegalArgumentException if a quote is not closed, saying so: nothing is run
     */
    public static String[] words(String line) {
        List<String> words = new java.util.ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("the quote " + quote + " is not closed (nothing was run)");
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words.toArray(String[]::new);
    }

    /** Adds the commands to the attach CLI's root, and how it answers mistakes. */
    static CommandLine cli(CommandLine root, Shell shell, BooleanSupplier verbose) {
        Commands.all(shell).forEach(root::addSubcommand);
        root.addSubcommand("help", new CommandLine.HelpCommand()); // help [COMMAND], as at a console
        return handleMistakes(root, verbose);
    }

    private static CommandLine handleMistakes(CommandLine root, BooleanSupplier verbose) {
        root.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("error: " + mistake(e));
            if (verbose.getAsBoolean()) {
                e.printStackTrace(err);
            }
            err.flush();
            return 2;
        });
        root.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            PrintWriter err = commandLine.getErr();
            err.println("error: " + failure(e));
            if (verbose.getAsBoolean()) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return root;
    }

    /** One line for a mistake in what was typed: what was wrong, then what the command expects. */
    static String mistake(CommandLine.ParameterException e) {
        CommandLine where = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException u && where.getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().getFirst().startsWith("-")) {
            return "no command '" + u.getUnmatched().getFirst() + "' (help lists the commands)";
        }
        String unknown = "Unknown subcommand '";
        if (message.startsWith(unknown) && message.indexOf('\'', unknown.length()) > 0) {
            // help's argument: picocli calls a command a subcommand
            String name = message.substring(unknown.length(), message.indexOf('\'', unknown.length()));
            return name.equals("quit") ? "help: quit leaves; it takes nothing"
                    : "help: no command '" + name + "' (help alone lists the commands)";
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && u.getUnmatched().getFirst().matches("-[0-9.].*")) {
            // "-1/s" read as an option: it is a value, and a negative one
            message = "a negative value is not allowed: " + u.getUnmatched().getFirst();
        } else if (message.startsWith("Invalid value for ") && message.contains(": ") && e.getArgSpec() != null) {
            message = label(e.getArgSpec()) + ": " + message.substring(message.indexOf(": ") + 2);
        } else if (message.startsWith("Missing required parameter for option ")) {
            // "Missing required parameter for option '-n' (N)": no colon in this one
            message = "missing the value of option "
                    + message.substring("Missing required parameter for option ".length()).replace("'", "");
        } else if (message.startsWith("Missing required parameter") && message.contains(": ")) {
            message = "missing " + message.substring(message.indexOf(": ") + 2).replace("'", "");
        } else if (message.startsWith("Unmatched argument")) {
            message = "unexpected " + message.substring(message.indexOf(": ") + 2);
        } else if (!message.isEmpty()) {
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        if (message.endsWith(".")) { // picocli's own sentences end with one: "unknown subcommand 'x'."
            message = message.substring(0, message.length() - 1);
        }
        String name = where.getParent() == null ? "" : where.getCommandName() + ": ";
        return name + message + "; expected: " + synopsis(where);
    }

    private static String label(CommandLine.Model.ArgSpec arg) {
        return arg instanceof CommandLine.Model.OptionSpec o ? o.longestName() : arg.paramLabel();
    }

    private static String synopsis(CommandLine c) {
        String[] custom = c.getCommandSpec().usageMessage().customSynopsis();
        String text = custom.length > 0
                ? String.join(" | ", java.util.Arrays.stream(custom).map(String::strip).toList())
                : c.getHelp().synopsis(0);
        text = text.replaceFirst("^Usage: ", "").replaceAll("\\s*\\R\\s*", " ").strip();
        CommandLine root = c;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        // a command reads the same in the CLI and at a console: "list", not "loomotp list"
        String prefix = root.getCommandName() + " ";
        return root != c && text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    /** One line for a command that failed: the node's own one line, whatever carried it here. */
    static String failure(Throwable e) {
        Throwable t = e;
        for (int i = 0; i < 10; i++) {
            Throwable inner = switch (t) {
                case UndeclaredThrowableException u -> u.getUndeclaredThrowable();
                case InvocationTargetException x -> x.getTargetException();
                case RuntimeMBeanException r -> r.getTargetException();
                case MBeanException m -> m.getTargetException();
                default -> null;
            };
            if (inner == null) {
                break;
            }
            t = inner;
        }
        if (t instanceof java.io.IOException) { // RMI's RemoteException is one
            return "lost the node's JVM: " + t.getMessage();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
