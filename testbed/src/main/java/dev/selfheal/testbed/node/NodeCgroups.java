package dev.selfheal.testbed.node;

import dev.selfheal.testbed.process.StaleProcessReaper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real nodes' cgroups: one folder per JVM, {@code selfheal-testbed-<pid>_<start>}, in every hierarchy,
 * with one {@code cgroupRoot} per node below it. Removed when a node powers off, by the janitor when the JVM
 * dies, and by the next JVM for any owner that is gone.
 */
final class NodeCgroups {

    static final String PREFIX = "selfheal-testbed-";
    private static final Pattern OWNED = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)_(\\d+)");
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final Logger LOG = LoggerFactory.getLogger(NodeCgroups.class);

    private NodeCgroups() {
    }

    /** This JVM's folder name. */
    static String ownerFolder() {
        return PREFIX + StaleProcessReaper.ownerToken().replace(':', '_');
    }

    /** The cgroupRoot of a node, as the kubelet takes it. */
    static String nodeRoot(String node) {
        return "/" + ownerFolder() + "/" + node;
    }

    /** Every mounted hierarchy: the cgroup v1 controllers and the v2 "unified" tree, or the v2 root. */
    static List<Path> hierarchies() {
        if (Files.exists(ROOT.resolve("cgroup.controllers"))) {
            return List.of(ROOT);
        }
        try (Stream<Path> all = Files.list(ROOT)) {
            return all.filter(p -> Files.isDirectory(p) && !Files.isSymbolicLink(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + ROOT, e);
        }
    }

    /** Creates a node's cgroupRoot in every hierarchy (cpuset folders get their parent's cpus and mems). */
    static void create(String node) {
        for (Path h : hierarchies()) {
            Path owner = h.resolve(ownerFolder());
            Path dir = owner.resolve(node);
            try {
                Files.createDirectories(dir);
                if (Files.exists(h.resolve("cpuset.cpus"))) {
                    for (Path d : List.of(owner, dir)) {
                        for (String f : List.of("cpuset.cpus", "cpuset.mems")) {
                            Files.writeString(d.resolve(f), Files.readString(h.resolve(f)).trim());
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the node cgroup " + dir, e);
            }
        }
    }

    /** Kills what is left in a node's cgroups and removes them. */
    static void remove(String node) {
        for (Path h : hierarchies()) {
            removeTree(h.resolve(ownerFolder()).resolve(node));
        }
    }

    /** Removes this JVM's folder in every hierarchy (after its nodes are gone). */
    static void removeOwnerFolder() {
        hierarchies().forEach(h -> removeTree(h.resolve(ownerFolder())));
    }

    /** Removes the folders of JVMs that are gone; returns how many. */
    static int reapStale() {
        int n = 0;
        for (Path h : hierarchies()) {
            try (Stream<Path> all = Files.list(h)) {
                for (Path d : all.toList()) {
                    Matcher m = OWNED.matcher(d.getFileName().toString());
                    if (m.matches() && !StaleProcessReaper.isAlive(m.group(1) + ":" + m.group(2))) {
                        removeTree(d);
                        n++;
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot scan {} for stale node cgroups: {}", h, e.getMessage());
            }
        }
        return n;
    }

    private static void removeTree(Path top) {
        for (int attempt = 0; attempt < 50 && Files.isDirectory(top); attempt++) {
            List<Path> dirs = new ArrayList<>();
            try (Stream<Path> all = Files.walk(top)) {
                all.filter(Files::isDirectory).forEach(dirs::add);
            } catch (IOException | UncheckedIOException e) {
                // a folder vanished while walking; retry
            }
            dirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
            for (Path d : dirs) {
                killAll(d.resolve("cgroup.procs"));
                try {
                    Files.deleteIfExists(d);
                } catch (IOException e) {
                    // busy until its processes are reaped; retry
                }
            }
            if (Files.isDirectory(top)) {
                sleep();
            }
        }
        if (Files.isDirectory(top)) {
            LOG.warn("could not remove the node cgroup {}", top);
        }
    }

    private static void killAll(Path procs) {
        try {
            for (String pid : Files.readAllLines(procs)) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no such file in this hierarchy, or the folder is gone
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
