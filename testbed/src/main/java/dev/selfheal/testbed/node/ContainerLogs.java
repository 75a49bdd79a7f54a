package dev.selfheal.testbed.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The logs kubelet keeps of a static pod's containers on a real node ({@code /var/log/pods/<ns>_<pod>_<uid>/<container>/
 * <restart>.log} in the node's own {@code /var/log}), read from the host.
 */
final class ContainerLogs {

    private ContainerLogs() {
    }

    /**
     * The log of the latest container of the static pod {@code <component>-<node>} in kube-system, or empty when there
     * is none yet.
     */
    static String latest(RealNode node, String component) {
        Path pods = node.directory().resolve("disk/var/log/pods");
        String prefix = "kube-system_" + component + "-" + node.name() + "_";
        try (Stream<Path> dirs = Files.list(pods)) {
            Optional<Path> file = dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
                    .map(d -> d.resolve(component)).filter(Files::isDirectory)
                    .flatMap(ContainerLogs::files).max(Comparator.comparingInt(ContainerLogs::attempt));
            return file.isPresent() ? Files.readString(file.get()) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static Stream<Path> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().matches("\\d+\\.log")).toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static int attempt(Path logFile) {
        String n = logFile.getFileName().toString();
        return Integer.parseInt(n.substring(0, n.length() - ".log".length()));
    }
}
