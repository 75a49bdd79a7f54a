package dev.selfheal.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The commands of the README's "Run it in a cluster" block, as a user types them at the repository root: each
 * line without its comment, split on blanks (the block uses no quoting).
 */
final class ReadmeCommands {

    /** The repository root. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String SECTION = "## Run it in a cluster";

    private ReadmeCommands() {
    }

    /** Every command of the section's first {@code sh} block, in order. */
    static List<List<String>> read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(ROOT.resolve("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int section = lines.indexOf(SECTION);
        if (section < 0) {
            throw new AssertionError("README.md has no section '" + SECTION + "'");
        }
        int start = lines.subList(section, lines.size()).indexOf("```sh") + section;
        List<List<String>> commands = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).equals("```"); i++) {
            String line = lines.get(i).replaceAll("(^|\\s)#.*$", "").trim();
            if (!line.isEmpty()) {
                commands.add(List.of(line.split("\\s+")));
            }
        }
        return commands;
    }

    /** The one command that starts with {@code words}. */
    static List<String> startingWith(List<List<String>> commands, String... words) {
        List<List<String>> found = commands.stream()
                .filter(c -> c.size() >= words.length && c.subList(0, words.length).equals(Arrays.asList(words))).toList();
        if (found.size() != 1) {
            throw new AssertionError("README 'Run it in a cluster': expected one command starting with '"
                    + String.join(" ", words) + "', found " + found + " among " + commands);
        }
        return found.get(0);
    }
}
