package dev.selfheal.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One filesystem layer of an image: entries sorted by path, owned by root, time zero, so the same content
 * always packs to the same bytes. Parent folders are added as needed.
 */
public final class Layer {

    private final String role;
    private final Map<String, Entry> entries = new TreeMap<>();

    /**
     * A new, empty layer.
     *
     * @param role what the layer holds, such as {@code runtime}, {@code dependencies} or {@code application}
     */
    public Layer(String role) {
        this.role = role;
    }

    /** What the layer holds. */
    public String role() {
        return role;
    }

    /** Adds a host file at {@code pathInImage}, executable when the host file is. */
    public Layer file(Path source, String pathInImage) {
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("file " + source + " does not exist or is not a regular file");
        }
        addParents(pathInImage);
        entries.put(clean(pathInImage), new Entry('0', source, null, null, Files.isExecutable(source) ? 0755 : 0644));
        return this;
    }

    /** Adds a file with the given text content and mode. */
    public Layer text(String pathInImage, String content, int mode) {
        addParents(pathInImage);
        entries.put(clean(pathInImage), new Entry('0', null, content.getBytes(StandardCharsets.UTF_8), null, mode));
        return this;
    }

    /** Adds an empty folder with the given mode, such as {@code 01777} for /tmp. */
    public Layer directory(String pathInImage, int mode) {
        addParents(pathInImage);
        entries.put(clean(pathInImage), new Entry('5', null, null, null, mode));
        return this;
    }

    /** Adds a symbolic link. */
    public Layer symlink(String pathInImage, String target) {
        addParents(pathInImage);
        entries.put(clean(pathInImage), new Entry('2', null, null, target, 0777));
        return this;
    }

    /** Adds the whole host folder {@code root} below {@code pathInImage} (symlinks stay links). */
    public Layer tree(Path root, String pathInImage) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("directory " + root + " does not exist");
        }
        String base = clean(pathInImage);
        directory(base, 0755);
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String rel = root.relativize(p).toString();
                if (rel.isEmpty()) {
                    continue;
                }
                String target = base + "/" + rel;
                if (Files.isSymbolicLink(p)) {
                    symlink(target, Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p)) {
                    directory(target, 0755);
                } else {
                    file(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        return this;
    }

    /** Writes the layer as an uncompressed tar to {@code tar}. */
    void writeTo(TarWriter tar) throws IOException {
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry v = e.getValue();
            switch (v.type) {
                case '5' -> tar.directory(e.getKey(), v.mode);
                case '2' -> tar.symlink(e.getKey(), v.link);
                default -> writeFile(tar, e.getKey(), v);
            }
        }
    }

    private static void writeFile(TarWriter tar, String name, Entry v) throws IOException {
        if (v.bytes != null) {
            tar.file(name, v.mode, v.bytes);
            return;
        }
        try (InputStream in = Files.newInputStream(v.source)) {
            tar.file(name, v.mode, Files.size(v.source), in);
        }
    }

    private void addParents(String pathInImage) {
        String p = clean(pathInImage);
        List<String> parents = new ArrayList<>();
        for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
            parents.add(p.substring(0, i));
        }
        parents.forEach(d -> entries.putIfAbsent(d, new Entry('5', null, null, null, 0755)));
    }

    private static String clean(String pathInImage) {
        String p = pathInImage.replaceAll("^/+", "").replaceAll("/+$", "");
        if (p.isEmpty() || p.contains("..")) {
            throw new IllegalArgumentException("path in image '" + pathInImage + "' must be a path below / without '..'");
        }
        return p;
    }

    private record Entry(char type, Path source, byte[] bytes, String link, int mode) {
    }
}
