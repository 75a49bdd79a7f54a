package dev.selfheal.testbed.config;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Randomly mutated configuration files (seeded, so a failure repeats) for the healer's and the node agent's
 * readers: each mutation either loads or is refused with the reader's own exception naming a field; never another
 * exception, never a hang. The time limit only guards against a hang.
 */
public final class ConfigMutations {

    /** How many mutations {@link #run} reads. */
    public static final int FILES = 1500;
    private static final String[] TOKENS = {"~", "null", "", "*a", "&a x", "&a [x, y]", "[x]", "{a: b}", "[~]", "''",
        "99999999999", "-1", "\u0663", "\uff11\uff12", "0x10", "\"\\0\"", "\"\\x01\"", "https://h/%", "http://h:99999", "/dev/zero", "/",
        "<<: *a", "? [k]", "!!binary x", "yes", "1e9", "%", "|", ">", "#", "---", "\"", "'", "\\", "\t", "::"};
    private static final char[] CHARS = ":[]{}&*~-#%!|>\"'\\,\n \t0\u0663aZ\u0000\u0001\u00e9".toCharArray();

    private ConfigMutations() {
    }

    /**
     * Reads {@link #FILES} mutations of {@code base} and fails when one is refused without a field.
     *
     * @param read reads one file, throwing when it refuses it
     * @param fieldOf the field a refusal names, or null when the exception is not the reader's own
     * @return how many mutations were refused
     */
    public static int run(String base, long seed, Consumer<String> read, Function<RuntimeException, String> fieldOf) {
        int[] refused = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random random = new Random(seed);
            for (int i = 0; i < FILES; i++) {
                String yaml = mutate(base, random);
                try {
                    read.accept(yaml);
                } catch (RuntimeException e) {
                    String field = fieldOf.apply(e);
                    if (field == null || field.isBlank()) {
                        fail("mutation " + i + " failed with " + e + " instead of a field-named error:\n" + yaml, e);
                    }
                    refused[0]++;
                }
            }
        });
        return refused[0];
    }

    /** One to three random edits of {@code base}. */
    public static String mutate(String base, Random random) {
        String s = base;
        int steps = 1 + random.nextInt(3);
        for (int k = 0; k < steps; k++) {
            s = switch (random.nextInt(5)) {
                case 0 -> insert(s, random, String.valueOf(CHARS[random.nextInt(CHARS.length)]));
                case 1 -> insert(s, random, TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> delete(s, random);
                case 3 -> replaceValue(s, random);
                default -> shuffleLines(s, random);
            };
        }
        return s;
    }

    private static String insert(String s, Random random, String what) {
        int at = random.nextInt(s.length() + 1);
        return s.substring(0, at) + what + s.substring(at);
    }

    private static String delete(String s, Random random) {
        int at = random.nextInt(s.length());
        return s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + random.nextInt(8)));
    }

    /** Replaces the value after a random ": " with a token. */
    private static String replaceValue(String s, Random random) {
        List<Integer> colons = new ArrayList<>();
        for (int i = s.indexOf(": "); i >= 0; i = s.indexOf(": ", i + 1)) {
            colons.add(i);
        }
        int at = colons.get(random.nextInt(colons.size())) + 2;
        int end = at;
        while (end < s.length() && ",}]\n".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        return s.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + s.substring(end);
    }

    /** Duplicates or swaps lines. */
    private static String shuffleLines(String s, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
        int a = random.nextInt(lines.size());
        int b = random.nextInt(lines.size());
        if (random.nextBoolean()) {
            lines.add(b, lines.get(a));
        } else {
            String t = lines.get(a);
            lines.set(a, lines.get(b));
            lines.set(b, t);
        }
        return String.join("\n", lines);
    }
}
