package dev.selfheal.agent.os;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kernel problem patterns in the kernel log, node-problem-detector style: a matching line turns its condition
 * True for good (a hung task or a read-only remount does not heal by itself; a reboot clears it). Reads
 * {@code /dev/kmsg} (every message since boot) on a reader thread of its own, since that device blocks; follows
 * a regular file (such as {@code /var/log/kern.log}) from its end, on each check.
 */
final class KernelLogCheck implements OsCheck, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KernelLogCheck.class);

    private final Path log;
    private final List<KernelPattern> patterns;
    private final Map<String, String[]> matched = new LinkedHashMap<>();
    private final Set<String> types = new LinkedHashSet<>();
    private long offset = -1;
    private Thread reader;
    private volatile String unreadable;

    KernelLogCheck(Path log, List<KernelPattern> patterns) {
        this.log = log;
        this.patterns = patterns;
        patterns.forEach(p -> types.add(p.condition()));
        if (isDevice(log)) {
            reader = new Thread(this::readDevice, "selfheal-agent-kmsg");
            reader.setDaemon(true);
            reader.start();
        }
    }

    @Override
    public List<OsFinding> check() {
        if (reader == null) {
            followFile();
        }
        List<OsFinding> out = new ArrayList<>();
        synchronized (matched) {
            for (String type : types) {
                String[] m = matched.get(type);
                out.add(m != null ? new OsFinding(type, true, m[0], "kernel log: " + m[1])
                        : new OsFinding(type, false, "No" + type, unreadable != null ? unreadable : "no " + type + " pattern in " + log));
            }
        }
        return out;
    }

    /** Matches one kernel log line ({@code /dev/kmsg} records are {@code prefix;message}). */
    void line(String line) {
        int semi = line.indexOf(';');
        String msg = semi >= 0 && line.substring(0, semi).matches("\\d+,\\d+,\\d+,.*") ? line.substring(semi + 1) : line;
        for (KernelPattern p : patterns) {
            if (p.pattern().matcher(msg).find()) {
                synchronized (matched) {
                    if (!matched.containsKey(p.condition())) {
                        LOG.warn("kernel problem {} ({}): {}", p.condition(), p.reason(), msg);
                        matched.put(p.condition(), new String[] {p.reason(), msg.length() > 300 ? msg.substring(0, 300) : msg});
                    }
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.interrupt();
        }
    }

    private void followFile() {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            if (offset < 0 || len < offset) {
                offset = offset < 0 ? len : 0; // first look: from the end; rotated (shorter): from the start
            }
            if (len > offset) {
                f.seek(offset);
                byte[] b = new byte[(int) Math.min(len - offset, 4L * 1024 * 1024)];
                f.readFully(b);
                offset += b.length;
                new String(b, StandardCharsets.UTF_8).lines().forEach(this::line);
            }
            unreadable = null;
        } catch (IOException e) {
            unreadable = "kernel log " + log + " unreadable: " + e.getMessage();
        }
    }

    private void readDevice() {
        try (InputStream in = Files.newInputStream(log);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null && !Thread.currentThread().isInterrupted(); l = r.readLine()) {
                line(l);
            }
        } catch (IOException e) {
            unreadable = "kernel log " + log + " unreadable: " + e.getMessage();
            LOG.warn("{}", unreadable);
        }
    }

    private static boolean isDevice(Path p) {
        return Files.exists(p) && !Files.isRegularFile(p) && !Files.isDirectory(p);
    }
}
