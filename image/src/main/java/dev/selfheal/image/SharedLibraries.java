package dev.selfheal.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The host's shared libraries (glibc, zlib, libstdc++ ...) that the native files of a runtime need, found with
 * {@code ldd}, so the image can carry them at the same paths. Libraries the runtime ships itself are left out.
 */
public final class SharedLibraries {

    private static final Pattern RESOLVED = Pattern.compile("^\\s*(\\S+)\\s+=>\\s+(/\\S+)\\s+\\(0x");
    private static final Pattern LOADER = Pattern.compile("^\\s*(/\\S+)\\s+\\(0x");
    private static final Pattern MISSING = Pattern.compile("^\\s*(\\S+)\\s+=>\\s+not found");

    private SharedLibraries() {
    }

    /** The absolute host paths of the libraries the runtime's executables and {@code .so} files need, sorted. */
    public static Set<String> neededBy(Path runtime) {
        Set<String> own = new TreeSet<>();
        List<Path> natives = new ArrayList<>();
        try (Stream<Path> all = Files.walk(runtime)) {
            all.filter(Files::isRegularFile).filter(p -> isNative(runtime, p)).sorted().forEach(p -> {
                natives.add(p);
                own.add(p.getFileName().toString());
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + runtime, e);
        }
        Set<String> needed = new TreeSet<>();
        for (Path p : natives) {
            parse(p, ldd(p), own, needed);
        }
        return needed;
    }

    static void parse(Path file, String lddOutput, Set<String> own, Set<String> needed) {
        for (String line : lddOutput.split("\n")) {
            Matcher resolved = RESOLVED.matcher(line);
            Matcher loader = LOADER.matcher(line);
            Matcher missing = MISSING.matcher(line);
            if (resolved.find()) {
                if (!own.contains(resolved.group(1))) {
                    needed.add(resolved.group(2));
                }
            } else if (loader.find()) {
                needed.add(loader.group(1));
            } else if (missing.find() && !own.contains(missing.group(1))) {
                throw new IllegalStateException(file + " needs " + missing.group(1)
                        + ", which neither the runtime nor the build machine has; install it or leave out the module that needs it");
            }
        }
    }

    private static boolean isNative(Path runtime, Path p) {
        String rel = runtime.relativize(p).toString();
        return rel.endsWith(".so") || (rel.startsWith("bin/") && Files.isExecutable(p))
                || rel.equals("lib/jspawnhelper") || rel.equals("lib/jexec");
    }

    private static String ldd(Path file) {
        try {
            Process p = new ProcessBuilder("ldd", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0 && !out.contains("not a dynamic executable")) {
                throw new IllegalStateException("ldd " + file + " failed (exit " + rc + "): " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ldd (part of libc-bin) on " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running ldd", e);
        }
    }
}
