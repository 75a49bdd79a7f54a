package dev.selfheal.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds a Java application's image: a jlinked runtime and the host's glibc (layer 1), the third-party jars
 * (layer 2), the project's own jars (layer 3), as a reproducible OCI layout archive. Run from a build's package
 * phase; see {@link BuildOptions} for the arguments.
 */
public final class ImageBuild {

    private static final String PASSWD = "root:x:0:0:root:/root:/sbin/nologin\n"
            + "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n";
    private static final String GROUP = "root:x:0:\nnonroot:x:65532:\n";

    /**
     * java.desktop's native libraries for screens, fonts, images and sound: a headless server (java.beans is why
     * the module is there) never loads them, and they would pull in X11, freetype and ALSA from the host.
     */
    private static final List<String> DESKTOP_NATIVES = List.of("libawt_xawt.so", "libjawt.so", "libsplashscreen.so",
            "libfontmanager.so", "liblcms.so", "libjsound.so", "libjavajpeg.so");

    private ImageBuild() {
    }

    /** Entry point: builds the image and prints its reference, digest and size. */
    public static void main(String[] args) {
        long start = System.nanoTime();
        BuildOptions options = BuildOptions.parse(args);
        String digest = build(options);
        System.out.printf("image %s %s -> %s (%d bytes, %d ms)%n", options.config().name(), digest, options.output(),
                options.output().toFile().length(), (System.nanoTime() - start) / 1_000_000);
    }

    /** Builds the image described by {@code options}; returns the manifest digest. */
    public static String build(BuildOptions options) {
        Path jre = JreLinker.link(options.modules(), options.work().resolve("jre"));
        try {
            for (String lib : DESKTOP_NATIVES) {
                Files.deleteIfExists(jre.resolve("lib").resolve(lib));
            }
            return OciLayout.write(options.config(),
                    List.of(runtimeLayer(jre), jarLayer(options, false), jarLayer(options, true)), options.output());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot trim the runtime in " + jre, e);
        } finally {
            JreLinker.deleteTree(options.work());
        }
    }

    static Layer runtimeLayer(Path jre) {
        Layer layer = new Layer("runtime").tree(jre, BuildOptions.JAVA_HOME);
        Path cacerts = jre.resolve("lib/security/cacerts");
        if (Files.isSymbolicLink(cacerts)) {
            layer.file(cacerts, BuildOptions.JAVA_HOME + "/lib/security/cacerts");
        }
        for (String lib : SharedLibraries.neededBy(jre)) {
            layer.file(Path.of(lib), lib);
        }
        return layer.text("etc/passwd", PASSWD, 0644).text("etc/group", GROUP, 0644)
                .directory("tmp", 01777).directory("home/nonroot", 0755).directory("root", 0700)
                .directory("proc", 0555).directory("sys", 0555).directory("dev", 0755);
    }

    static Layer jarLayer(BuildOptions options, boolean application) {
        Layer layer = new Layer(application ? "application" : "dependencies");
        if (application) {
            layer.file(options.jar(), BuildOptions.APP_HOME + "/" + options.jar().getFileName());
        }
        try (Stream<Path> jars = Files.list(options.lib())) {
            jars.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> p.getFileName().toString().startsWith(options.appPrefix()) == application)
                    .forEach(p -> layer.file(p, BuildOptions.APP_HOME + "/lib/" + p.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the class path folder " + options.lib(), e);
        }
        return layer;
    }
}
