package io.loomotp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/tutorial.md} shows exactly the code that this module compiles and runs: every code block that names a
 * file is compared with that file, and the program's output with the output the tutorial shows.
 */
class TutorialTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)(?: ([^\\n]+))?\\n(.*?)```", Pattern.DOTALL);

    record Block(String language, String file, String text) {}

    static List<Block> blocks() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/tutorial.md"));
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(doc);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2), m.group(3)));
        }
        return blocks;
    }

    /** Where a file a tutorial block names lives in this repository. */
    static Path source(String file) {
        if (file.equals("pom.xml")) {
            return ROOT.resolve("docs/tutorial/pom.xml");
        }
        return ROOT.resolve("integration-tests").resolve(file);
    }

    @Test
    void everyFileTheTutorialShows_isTheFileThatIsCompiled() throws IOException {
        List<Block> files = blocks().stream().filter(b -> b.file() != null).toList();
        assertThat(files).extracting(Block::file).contains("pom.xml", "src/main/java/tutorial/Frequency.java",
                "src/main/java/tutorial/Main.java", "src/main/java/tutorial/Coffee.java",
                "src/main/java/tutorial/CoffeeMain.java", "src/main/java/tutorial/Shop.java",
                "src/main/java/tutorial/ShopModule.java", "src/main/java/tutorial/ShopComponent.java",
                "src/main/java/tutorial/ShopMain.java");
        for (Block b : files) {
            assertThat(b.text()).as(b.file()).isEqualTo(Files.readString(source(b.file())));
        }
    }

    @Test
    void theTutorialsPom_takesEveryLoomOtpVersionFromTheBom() throws IOException {
        String pom = Files.readString(source("pom.xml"));
        // the BOM is imported once, and is the only place the Loom OTP version appears
        assertThat(pom).contains("<artifactId>loomotp-bom</artifactId>", "<scope>import</scope>",
                "<annotationProcessorPathsUseDepMgmt>true</annotationProcessorPathsUseDepMgmt>");
        assertThat(pom.split("\\$\\{loomotp.version}", -1)).hasSize(2);
        Matcher loomotp = Pattern.compile("<groupId>io.loomotp</groupId>\\s*<artifactId>([\\w-]+)</artifactId>"
                + "\\s*(<version>)?").matcher(pom);
        while (loomotp.find()) {
            assertThat(loomotp.group(2) == null || loomotp.group(1).equals("loomotp-bom"))
                    .as(loomotp.group(1) + " names a version of its own").isTrue();
        }
    }

    @Test
    void part1_printsWhatTheTutorialShows() throws Exception {
        assertThat(run(() -> tutorial.Main.main(new String[0]))).isEqualTo(shownOutput("*DBG* frequency"));
    }

    @Test
    void part2_printsWhatTheTutorialShows() throws Exception {
        // the tutorial's run waits out a 10 s payment timeout; the same program, given 1 s, prints the same lines
        // (but for the timer's time in the start_timer lines)
        String output = run(() -> tutorial.CoffeeMain.main(new String[] {"PT1S"}));
        assertThat(callerAndMachine(output.replace(" after 1000 ms ", " after 10000 ms ")))
                .isEqualTo(callerAndMachine(shownOutput("*DBG* coffee")));
    }

    @Test
    void part3_printsWhatTheTutorialShows() throws Exception {
        assertThat(run(() -> {
            try {
                tutorial.ShopMain.main(new String[0]);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        })).isEqualTo(shownOutput("=SUPERVISOR REPORT===="));
    }

    private static String shownOutput(String marker) throws IOException {
        return blocks().stream()
                .filter(b -> b.language().equals("text") && b.text().contains(marker))
                .findFirst().orElseThrow().text();
    }

    /**
     * The output with each caller's {@code served N} line put after the machine's {@code consume call ready()} line it
     * may come before or after: the machine writes that line once the handler that replied has returned, while the
     * caller, answered, prints at once (gen_statem writes its consume line after the reply too). Nothing else moves.
     */
    private static String callerAndMachine(String output) {
        List<String> lines = new java.util.ArrayList<>(output.lines().toList());
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("served ") && lines.get(i + 1).startsWith("*DBG* coffee consume call ready()")) {
                java.util.Collections.swap(lines, i, i + 1);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** What a program prints to standard output. */
    private static String run(Runnable program) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            program.run();
        } finally {
            System.setOut(original);
        }
        // The tutorial runs in a fresh JVM, where the node is node 0; here other tests made nodes before.
        return captured.toString(StandardCharsets.UTF_8).replaceAll("<\\d+\\.", "<0.");
    }
}
