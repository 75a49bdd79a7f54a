package dev.selfheal.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The image build's command line, as {@code --key=value} arguments (repeatable ones marked):
 * {@code --name}, {@code --output}, {@code --jar}, {@code --lib} (the jar's class-path folder), {@code --modules}
 * (comma-separated), {@code --user}, {@code --java-option} (repeatable), {@code --label=key=value} (repeatable),
 * {@code --created}, {@code --work} (a scratch folder), {@code --app-prefix} (jars of the app layer, default
 * {@code selfheal-}), {@code --revision-from} (a git checkout whose HEAD commit becomes the
 * {@code org.opencontainers.image.revision} label; left out when git cannot tell).
 *
 * @param config    the image's config (the entrypoint runs the jar with the java options)
 * @param output    the OCI layout archive to write
 * @param jar       the application jar, whose manifest names its class path under {@code lib/}
 * @param lib       the folder of the jar's class path
 * @param modules   the Java modules of the runtime
 * @param work      a scratch folder for the runtime
 * @param appPrefix the file name prefix of class-path jars that go in the application layer
 */
public record BuildOptions(ImageConfig config, Path output, Path jar, Path lib, List<String> modules, Path work,
                           String appPrefix) {

    /** Where the runtime and the application live in the image. */
    public static final String JAVA_HOME = "/opt/java";
    public static final String APP_HOME = "/opt/selfheal";

    private static final Set<String> KNOWN = Set.of("name", "output", "jar", "lib", "modules", "user", "java-option",
            "label", "created", "work", "app-prefix", "revision-from");
    private static final Set<String> REQUIRED = Set.of("name", "output", "jar", "lib", "modules", "user");

    /** Parses and validates the arguments; the error names the argument and the allowed ones. */
    public static BuildOptions parse(String... args) {
        Map<String, String> single = new LinkedHashMap<>();
        List<String> javaOptions = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            String key = a.startsWith("--") && eq > 2 ? a.substring(2, eq) : "";
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException("argument '" + a + "' is not one of --" + String.join("=, --", KNOWN.stream().sorted().toList()) + "=");
            }
            String value = a.substring(eq + 1);
            switch (key) {
                case "java-option" -> javaOptions.add(value);
                case "label" -> addLabel(labels, value);
                default -> single.put(key, value);
            }
        }
        for (String r : REQUIRED) {
            if (single.getOrDefault(r, "").isBlank()) {
                throw new IllegalArgumentException("argument --" + r + "= is required");
            }
        }
        if (single.containsKey("revision-from")) {
            GitRevision.of(Path.of(single.get("revision-from")))
                    .ifPresent(r -> labels.put("org.opencontainers.image.revision", r));
        }
        Path jar = Path.of(single.get("jar"));
        List<String> entrypoint = new ArrayList<>(List.of(JAVA_HOME + "/bin/java"));
        entrypoint.addAll(javaOptions);
        entrypoint.addAll(List.of("-jar", APP_HOME + "/" + jar.getFileName()));
        ImageConfig config = new ImageConfig(single.get("name"), entrypoint,
                List.of("PATH=" + JAVA_HOME + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                        "JAVA_HOME=" + JAVA_HOME, "LANG=C.UTF-8"),
                single.get("user"), APP_HOME, labels, single.getOrDefault("created", "1970-01-01T00:00:00Z"));
        Path output = Path.of(single.get("output"));
        Path work = Path.of(single.getOrDefault("work", output + ".work"));
        return new BuildOptions(config, output, jar, Path.of(single.get("lib")),
                List.of(single.get("modules").split("\\s*,\\s*")), work, single.getOrDefault("app-prefix", "selfheal-"));
    }

    private static void addLabel(Map<String, String> labels, String value) {
        int eq = value.indexOf('=');
        if (eq < 1) {
            throw new IllegalArgumentException("--label value '" + value + "' must be key=value");
        }
        labels.put(value.substring(0, eq), value.substring(eq + 1));
    }
}
