package dev.selfheal.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the files that configuration names (secrets, trust stores, keys, configuration files) safely: only a
 * regular file (symbolic links followed, as mounted Kubernetes Secrets use them), never a folder, FIFO, socket
 * or device, and at most a stated size, so that {@code /dev/zero} or a pipe can neither exhaust memory nor
 * block the reader. Errors are {@link IOException}s saying what is wrong with the file (its kind, its size),
 * never its content; callers add which setting named it.
 */
public final class RegularFiles {

    /** The size limit of a secret file: 1 MiB. */
    public static final int SECRET_LIMIT = 1 << 20;
    /** The size limit of a trust store, certificate or key file: 1 MiB. */
    public static final int TRUST_STORE_LIMIT = 1 << 20;
    /** The size limit of a configuration file (YAML, kubeconfig): 4 MiB. */
    public static final int CONFIG_LIMIT = 4 << 20;

    private RegularFiles() {
    }

    /**
     * The bytes of a regular file of at most {@code limit} bytes.
     *
     * @throws IOException when the file is missing ({@link NoSuchFileException}), not a regular file, larger than
     *         the limit or unreadable
     */
    public static byte[] read(Path file, int limit) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "does not exist");
        }
        if (!attributes.isRegularFile()) {
            throw new IOException(file + " is " + kind(attributes) + ", not a regular file");
        }
        if (attributes.size() > limit) {
            throw new IOException(file + " is larger than " + describe(limit) + " (" + attributes.size() + " bytes)");
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(limit + 1);
        }
        if (content.length > limit) {
            throw new IOException(file + " is larger than " + describe(limit));
        }
        return content;
    }

    /** The UTF-8 text of a regular file of at most {@code limit} bytes; see {@link #read(Path, int)}. */
    public static String readString(Path file, int limit) throws IOException {
        return new String(read(file, limit), StandardCharsets.UTF_8);
    }

    /** A limit in words, such as {@code 1 MiB}. */
    public static String describe(int limit) {
        return limit % (1 << 20) == 0 ? (limit >> 20) + " MiB" : limit % 1024 == 0 ? (limit >> 10) + " KiB" : limit + " bytes";
    }

    private static String kind(BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        return a.isOther() ? "a special file (a FIFO, socket or device)" : "not a file";
    }
}
