package dev.selfheal.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a POSIX ustar archive with a fixed owner and time (epoch), so equal input gives equal bytes. Names up
 * to 255 characters are split into the ustar prefix and name fields.
 */
final class TarWriter implements AutoCloseable {

    private static final int BLOCK = 512;

    private final OutputStream out;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    /** Adds a directory entry; {@code name} without a trailing slash. */
    void directory(String name, int mode) throws IOException {
        out.write(header(name + "/", mode, 0, '5', ""));
    }

    /** Adds a regular file of {@code size} bytes read from {@code content}. */
    void file(String name, int mode, long size, InputStream content) throws IOException {
        out.write(header(name, mode, size, '0', ""));
        long copied = content.transferTo(out);
        if (copied != size) {
            throw new IOException("tar entry " + name + " changed while packing: " + copied + " bytes, expected " + size);
        }
        pad(size);
    }

    /** Adds a regular file. */
    void file(String name, int mode, byte[] content) throws IOException {
        file(name, mode, content.length, new java.io.ByteArrayInputStream(content));
    }

    /** Adds a symbolic link. */
    void symlink(String name, String target) throws IOException {
        out.write(header(name, 0777, 0, '2', target));
    }

    @Override
    public void close() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.close();
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    private static byte[] header(String path, int mode, long size, char type, String link) {
        String prefix = "";
        String name = path;
        if (name.length() > 100) {
            int cut = path.lastIndexOf('/', Math.min(path.length() - 2, 155));
            prefix = cut > 0 ? path.substring(0, cut) : "";
            name = cut > 0 ? path.substring(cut + 1) : path;
        }
        if (name.length() > 100 || link.length() > 100) {
            throw new IllegalArgumentException("tar entry name or link target too long for ustar: " + path);
        }
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, name);
        put(h, 100, 8, octal(mode, 7));
        put(h, 108, 8, octal(0, 7));
        put(h, 116, 8, octal(0, 7));
        put(h, 124, 12, octal(size, 11));
        put(h, 136, 12, octal(0, 11));
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        put(h, 265, 32, "root");
        put(h, 297, 32, "root");
        put(h, 345, 155, prefix);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, octal(sum, 6) + "\0 ");
        return h;
    }

    private static String octal(long value, int digits) {
        StringBuilder s = new StringBuilder(Long.toOctalString(value));
        while (s.length() < digits) {
            s.insert(0, '0');
        }
        return s.toString();
    }

    private static void put(byte[] h, int offset, int length, String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, Math.min(b.length, length));
    }
}
