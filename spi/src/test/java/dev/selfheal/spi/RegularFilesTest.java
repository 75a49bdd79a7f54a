package dev.selfheal.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only regular files of a bounded size are read: a FIFO never blocks, a device never exhausts memory. */
class RegularFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsARegularFileWithinTheLimitThroughASymbolicLink() throws IOException {
        Path file = Files.writeString(dir.resolve("secret"), "s3cret\n");
        Path link = Files.createSymbolicLink(dir.resolve("link"), file);
        assertThat(RegularFiles.readString(link, 16)).isEqualTo("s3cret\n");
    }

    @Test
    void refusesEveryOtherKindOfFileAndTooLargeOnesSayingWhy() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path big = Files.write(dir.resolve("big"), new byte[17]);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertThatThrownBy(() -> RegularFiles.read(fifo, 16)).isInstanceOf(IOException.class)
                    .hasMessageContaining("special file");
            assertThatThrownBy(() -> RegularFiles.read(Path.of("/dev/zero"), RegularFiles.SECRET_LIMIT))
                    .isInstanceOf(IOException.class).hasMessageContaining("special file");
        });
        assertThatThrownBy(() -> RegularFiles.read(dir, 16)).hasMessageContaining("a directory");
        assertThatThrownBy(() -> RegularFiles.read(big, 16)).hasMessageContaining("larger than 16 bytes");
        assertThatThrownBy(() -> RegularFiles.read(dir.resolve("none"), 16)).hasMessageContaining("does not exist");
        assertThat(RegularFiles.describe(RegularFiles.SECRET_LIMIT)).isEqualTo("1 MiB");
    }

    @Test
    void aTrustStoreThatIsADeviceOrADirectoryIsAnIoErrorNotAHangOrACrash() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertThatThrownBy(() -> TrustStores.fromPem(Path.of("/dev/zero"))).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> TrustStores.isPem(Path.of("/"))).isInstanceOf(IOException.class)
                    .hasMessageContaining("directory");
            assertThatThrownBy(() -> TrustStores.fromKeyStore(Path.of("/dev/zero"), "pkcs12", null))
                    .isInstanceOf(IOException.class);
        });
    }
}
