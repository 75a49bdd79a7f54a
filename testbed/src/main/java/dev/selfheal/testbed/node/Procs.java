package dev.selfheal.testbed.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Reads the host's process table from /proc: children, descendants, command names. */
final class Procs {

    private Procs() {
    }

    /** The direct children of {@code pid}. */
    static List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            all.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                if (parentOf(p) == pid) {
                    out.add(Long.parseLong(p.getFileName().toString()));
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        return out;
    }

    /** The first descendant of {@code pid} (breadth first) whose command name is {@code comm}. */
    static Optional<Long> descendant(long pid, String comm) {
        List<Long> level = children(pid);
        while (!level.isEmpty()) {
            List<Long> next = new ArrayList<>();
            for (long c : level) {
                if (comm.equals(comm(c))) {
                    return Optional.of(c);
                }
                next.addAll(children(c));
            }
            level = next;
        }
        return Optional.empty();
    }

    /**
     * A process named {@code comm} in the PID namespace of {@code initPid} (however it entered it: nsenter
     * leaves its child's host parent outside the machine's process tree).
     */
    static Optional<Long> inNamespaceOf(long initPid, String comm) {
        String ns = pidNamespace(initPid);
        if (ns.isEmpty()) {
            return Optional.empty();
        }
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            return all.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .filter(pid -> pid != initPid && comm.equals(comm(pid)) && ns.equals(pidNamespace(pid)) && !isZombie(pid))
                    .findFirst();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
    }

    /**
     * Every live process in the PID namespace of {@code initPid} or in one nested in it (containers), {@code initPid}
     * excluded: the processes of that namespace and their descendants.
     */
    static List<Long> allInNamespaceOf(long initPid) {
        String ns = pidNamespace(initPid);
        if (ns.isEmpty()) {
            return List.of();
        }
        Set<Long> found = new LinkedHashSet<>();
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            all.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .filter(pid -> pid != initPid && ns.equals(pidNamespace(pid)))
                    .forEach(found::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        Deque<Long> todo = new ArrayDeque<>(found);
        while (!todo.isEmpty()) {
            for (long c : children(todo.pop())) {
                if (found.add(c)) {
                    todo.add(c);
                }
            }
        }
        return found.stream().filter(pid -> !isZombie(pid)).toList();
    }

    /** The resident memory of a process in MB, 0 when it is gone. */
    static long rssMb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    /** Whether two processes share a namespace of {@code type} ({@code net}, {@code mnt}...); false when either is gone. */
    static boolean sameNamespace(long a, long b, String type) {
        String na = namespace(a, type);
        return !na.isEmpty() && na.equals(namespace(b, type));
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return true; // gone
        }
    }

    private static String pidNamespace(long pid) {
        return namespace(pid, "pid");
    }

    private static String namespace(long pid, String type) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", type)).toString();
        } catch (IOException e) {
            return "";
        }
    }

    /** The command name of a process, or "" when it is gone. */
    static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static long parentOf(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
