package dev.selfheal.testbed.node;

import dev.selfheal.testbed.process.MissingPeerException;
import dev.selfheal.testbed.process.TestbedCache;
import dev.selfheal.testbed.process.Versions;
import java.nio.file.Files;
import java.nio.file.Path;

/** The images every real node holds from boot: the pod sandbox (pause) and busybox for test workloads. */
public final class TestImages {

    /** Debian's busybox-static with every applet linked under /bin; entrypoint /bin/sh. */
    public static final String BUSYBOX = "selfheal.dev/testbed/busybox:1";

    private TestImages() {
    }

    /** The pause image, the provisioned static binary as {@code /pause}. */
    static OciImage pause() {
        Path bin = TestbedCache.executable("pause-" + Versions.get("PAUSE_VERSION"), "pause", "pause");
        return OciImage.named(NodeConfig.PAUSE_IMAGE).file(bin, "pause", true).entrypoint("/pause");
    }

    /** The busybox image. */
    static OciImage busybox() {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)) {
            throw new MissingPeerException("/bin/busybox not found. Install the Debian package 'busybox-static'"
                    + " (or run testbed/provision/provision.sh realnode-apt)");
        }
        OciImage image = OciImage.named(BUSYBOX).file(busybox, "bin/busybox", true).entrypoint("/bin/sh")
                .env("PATH=/bin").emptyDirectory("tmp", 01777).emptyDirectory("etc", 0755)
                .emptyDirectory("root", 0700).emptyDirectory("var", 0755);
        for (String applet : HostCommand.run(busybox.toString(), "--list").split("\\s+")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                image.symlink("bin/" + applet, "busybox");
            }
        }
        return image;
    }
}
